// Renders TeX with KaTeX for docs/_ext/katex_math.py: one JSON request a line on stdin,
// {"tex": ..., "display": true|false}, one JSON reply a line on stdout, {"html": ...} or
// {"error": ...}. The HTML holds KaTeX's layout and the formula's MathML.
const path = require("path");
const readline = require("readline");

const katex = require(path.resolve(process.argv[2], "katex.min.js"));

readline.createInterface({ input: process.stdin }).on("line", (line) => {
  const request = JSON.parse(line);
  let reply;
  try {
    reply = {
      html: katex.renderToString(request.tex, {
        displayMode: request.display,
        output: "htmlAndMathml",
        throwOnError: true,
        strict: "error",
      }),
    };
  } catch (error) {
    reply = { error: error.message };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
});
