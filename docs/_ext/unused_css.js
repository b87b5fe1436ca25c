// The theme's style sheet without the rules no page or script of the site can use.
// Run by unused_css.py: node unused_css.js NODE_MODULES SITE STYLE_SHEET
// PurgeCSS keeps a rule when a word of its selector (a class, id, tag or attribute)
// appears in one of the site's pages or scripts, so the classes the theme's and
// Bootstrap's scripts add later are kept; the light and dark themes' attribute
// selectors are kept whatever the pages hold; custom properties and @font-face rules
// are all kept.
const path = require("path");
const fs = require("fs");
const [modules, site, styleSheet] = process.argv.slice(2);
const { PurgeCSS } = require(path.join(modules, "purgecss"));

new PurgeCSS()
  .purge({
    content: [`${site}/**/*.html`, `${site}/_static/**/*.js`],
    css: [styleSheet],
    keyframes: true,
    variables: false,
    fontFace: false,
    safelist: { greedy: [/data-theme/, /data-mode/, /data-bs-theme/] },
  })
  .then(([result]) => fs.writeFileSync(styleSheet, result.css))
  .catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
