/* The "train it here" panel: the lesson's softmax regression, trained in the browser.
 *
 * One file, two roles. In the page it draws the panel (see docs/_ext/train_panel.py)
 * and offers window.mnistTutorial.trainingData() and .train(options); the training
 * itself runs in a Web Worker started from this same file, so the page stays
 * responsive. Each step is mt.train's: float32 weights, images scaled by
 * float32(1 / 255), the softmax cross-entropy from the logits (or the squared error
 * of the softmax, summed over the digits), the mean over the batch, and
 * W -= learning_rate * gradient. Sums are taken in double precision and rounded to
 * float32 where TensorFlow stores a result; zero pixels are skipped.
 */
"use strict";

const N_PIXELS = 784;
const N_CLASSES = 10;
const SCALE = Math.fround(1 / 255);
const DEFAULTS = {
  learningRate: 0.5, batchSize: 100, steps: 1000, seed: 0, loss: "cross_entropy", start: "zeros",
};
/* The standard deviation of the "small random weights" start. */
const RANDOM_START_SCALE = 0.01;
/* The names of the settings in the page's address, as mt.train names its arguments. */
const URL_NAMES = {
  learning_rate: "learningRate", batch_size: "batchSize", steps: "steps", seed: "seed",
  loss: "loss", start: "start",
};
const MAX_STEPS = 20000;

/* ---------------------------------------------------------------- the worker's side */

/* The non-zero pixels of each image, scaled as load_mnist scales them. */
function sparseImages(pixels) {
  const n = pixels.length / N_PIXELS;
  let count = 0;
  for (let q = 0; q < pixels.length; q++) if (pixels[q] !== 0) count++;
  const offsets = new Int32Array(n + 1);
  const columns = new Uint16Array(count);
  const values = new Float32Array(count);
  let at = 0;
  for (let i = 0; i < n; i++) {
    offsets[i] = at;
    for (let j = 0; j < N_PIXELS; j++) {
      const pixel = pixels[i * N_PIXELS + j];
      if (pixel !== 0) { columns[at] = j; values[at] = Math.fround(pixel * SCALE); at++; }
    }
  }
  offsets[n] = at;
  return { n, offsets, columns, values };
}

/* A small seeded generator of uniform numbers in [0, 1) (mulberry32). */
function uniformGenerator(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/* TensorFlow 1's batch order: consecutive slices of one shuffled order per epoch. */
function* seededBatches(nImages, batchSize, seed) {
  const uniform = uniformGenerator(seed);
  let order = new Int32Array(0);
  let at = 0;
  for (;;) {
    const batch = new Int32Array(batchSize);
    for (let i = 0; i < batchSize; i++) {
      if (at === order.length) {
        order = Int32Array.from({ length: nImages }, (_, index) => index);
        for (let k = nImages - 1; k > 0; k--) {
          const other = Math.floor(uniform() * (k + 1));
          [order[k], order[other]] = [order[other], order[k]];
        }
        at = 0;
      }
      batch[i] = order[at++];
    }
    yield batch;
  }
}

function startingWeights(start, seed) {
  const weights = new Float32Array(N_PIXELS * N_CLASSES);
  if (start === "random") {
    const uniform = uniformGenerator(seed ^ 0x9e3779b9);
    for (let q = 0; q < weights.length; q++) {  // normal numbers by Box and Muller
      const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
      weights[q] = RANDOM_START_SCALE * radius * Math.cos(2 * Math.PI * uniform());
    }
  }
  return weights;
}

/* The logits of image `row` into out[offset .. offset + 10). */
function logitsOf(images, row, weights, bias, out, offset, sums) {
  sums.fill(0);
  for (let q = images.offsets[row]; q < images.offsets[row + 1]; q++) {
    const x = images.values[q];
    const base = images.columns[q] * N_CLASSES;
    for (let k = 0; k < N_CLASSES; k++) sums[k] += x * weights[base + k];
  }
  for (let k = 0; k < N_CLASSES; k++) out[offset + k] = Math.fround(Math.fround(sums[k]) + bias[k]);
}

/* Softmax of logits[offset ..] into probabilities[0 .. 10), as tf.nn.softmax; returns
   the log of the sum of the exponentials of the logits (the logits' largest subtracted). */
function softmaxOf(logits, offset, probabilities) {
  let largest = -Infinity;
  for (let k = 0; k < N_CLASSES; k++) largest = Math.max(largest, logits[offset + k]);
  let total = 0;
  for (let k = 0; k < N_CLASSES; k++) {
    probabilities[k] = Math.exp(Math.fround(logits[offset + k] - largest));
    total += probabilities[k];
  }
  for (let k = 0; k < N_CLASSES; k++) probabilities[k] = Math.fround(probabilities[k] / total);
  return Math.log(total) + largest;
}

/* One sample's loss, and its gradient with respect to its logits (times 1 / n) into out. */
function lossAndGradient(loss, logits, offset, digit, inverseN, out, probabilities) {
  const logSum = softmaxOf(logits, offset, probabilities);
  if (loss === "cross_entropy") {
    for (let k = 0; k < N_CLASSES; k++) {
      out[offset + k] = Math.fround(inverseN * Math.fround(probabilities[k] - (k === digit ? 1 : 0)));
    }
    return Math.fround(logSum - logits[offset + digit]);
  }
  let value = 0;
  let weighted = 0;  // the sum over the digits of the gradient by p times p
  for (let k = 0; k < N_CLASSES; k++) {
    const difference = Math.fround(probabilities[k] - (k === digit ? 1 : 0));
    value += difference * difference;
    out[offset + k] = Math.fround(inverseN * Math.fround(2 * difference));
    weighted += out[offset + k] * probabilities[k];
  }
  for (let k = 0; k < N_CLASSES; k++) {
    out[offset + k] = Math.fround(Math.fround(out[offset + k] - Math.fround(weighted)) * probabilities[k]);
  }
  return Math.fround(value);
}

/* A model and its step: the batch's mean loss before the update, then the update. */
function trainer(images, digits, settings) {
  const weights = startingWeights(settings.start, settings.seed);
  const bias = new Float32Array(N_CLASSES);
  const rate = Math.fround(settings.learningRate);
  const weightsGradient = new Float64Array(N_PIXELS * N_CLASSES);
  const touched = new Int32Array(N_PIXELS).fill(-1);
  const used = new Int32Array(N_PIXELS);
  const sums = new Float64Array(N_CLASSES);
  const probabilities = new Float64Array(N_CLASSES);
  let buffers = { logits: new Float32Array(0), gradient: new Float32Array(0) };
  let stepNumber = 0;
  function step(rows) {
    const n = rows.length;
    if (buffers.logits.length < n * N_CLASSES) {
      buffers = { logits: new Float32Array(n * N_CLASSES), gradient: new Float32Array(n * N_CLASSES) };
    }
    const { logits, gradient } = buffers;
    const inverseN = Math.fround(1 / n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      logitsOf(images, rows[i], weights, bias, logits, i * N_CLASSES, sums);
      total += lossAndGradient(settings.loss, logits, i * N_CLASSES, digits[rows[i]], inverseN,
        gradient, probabilities);
    }
    let nUsed = 0;
    for (let i = 0; i < n; i++) {
      const row = rows[i];
      for (let q = images.offsets[row]; q < images.offsets[row + 1]; q++) {
        const pixel = images.columns[q];
        const base = pixel * N_CLASSES;
        if (touched[pixel] !== stepNumber) {
          touched[pixel] = stepNumber;
          used[nUsed++] = pixel;
          weightsGradient.fill(0, base, base + N_CLASSES);
        }
        const x = images.values[q];
        for (let k = 0; k < N_CLASSES; k++) weightsGradient[base + k] += x * gradient[i * N_CLASSES + k];
      }
    }
    for (let u = 0; u < nUsed; u++) {
      const base = used[u] * N_CLASSES;
      for (let q = base; q < base + N_CLASSES; q++) {
        weights[q] = Math.fround(weights[q] - Math.fround(rate * Math.fround(weightsGradient[q])));
      }
    }
    for (let k = 0; k < N_CLASSES; k++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += gradient[i * N_CLASSES + k];
      bias[k] = Math.fround(bias[k] - Math.fround(rate * Math.fround(sum)));
    }
    stepNumber++;
    return Math.fround(Math.fround(total) / n);
  }
  return { weights, bias, step };
}

/* Test accuracy, and errors and images per true digit, on the shipped test images. */
function evaluate(model, images, digits) {
  const logits = new Float32Array(N_CLASSES);
  const sums = new Float64Array(N_CLASSES);
  const errors = new Int32Array(N_CLASSES);
  const counts = new Int32Array(N_CLASSES);
  for (let i = 0; i < images.n; i++) {
    logitsOf(images, i, model.weights, model.bias, logits, 0, sums);
    let best = 0;
    for (let k = 1; k < N_CLASSES; k++) if (logits[k] > logits[best]) best = k;  // ties: smallest
    counts[digits[i]]++;
    if (best !== digits[i]) errors[digits[i]]++;
  }
  const wrong = errors.reduce((a, b) => a + b, 0);
  return { testAccuracy: 1 - wrong / images.n, errors, counts };
}

function runInWorker({ data, settings }) {
  const started = performance.now();
  const train = sparseImages(data.trainImages);
  const model = trainer(train, data.trainDigits, settings);
  const batches = settings.batches
    ? settings.batches.values()
    : seededBatches(train.n, settings.batchSize, settings.seed);
  const loss = new Float32Array(settings.steps);
  let reported = 0;
  let lastReport = performance.now();
  for (let s = 0; s < settings.steps; s++) {
    loss[s] = model.step(batches.next().value);
    if (!Number.isFinite(loss[s])) {
      postMessage({ kind: "diverged", step: s + 1 });
      return;
    }
    if (performance.now() - lastReport > 100) {
      postMessage({ kind: "progress", steps: s + 1, loss: loss.slice(reported, s + 1),
        weights: model.weights.slice() });
      reported = s + 1;
      lastReport = performance.now();
    }
  }
  if (!model.weights.every(Number.isFinite)) {
    postMessage({ kind: "diverged", step: settings.steps });
    return;
  }
  const result = evaluate(model, sparseImages(data.testImages), data.testDigits);
  postMessage({ kind: "done", weights: model.weights, bias: model.bias, loss,
    milliseconds: performance.now() - started, ...result });
}

if (typeof document === "undefined") {
  self.onmessage = event => runInWorker(event.data);
}

/* ------------------------------------------------------------------ the page's side */

if (typeof document !== "undefined") {
  const scriptAddress = document.currentScript.src;
  const api = (window.mnistTutorial = window.mnistTutorial || {});
  let dataPromise = null;

  async function fetchSplit(name) {
    if (window.location.protocol === "file:") {
      throw new Error("the images load only from a web server: serve the site's folder, e.g. with python -m http.server");
    }
    const response = await fetch(new URL(`train_panel/${name}.gz`, scriptAddress));
    if (!response.ok) throw new Error(`could not load ${name}.gz (HTTP ${response.status})`);
    const unpacked = response.body.pipeThrough(new DecompressionStream("gzip"));
    const bytes = new Uint8Array(await new Response(unpacked).arrayBuffer());
    const n = bytes.length / (N_PIXELS + 1);
    if (!Number.isInteger(n)) throw new Error(`${name}.gz holds ${bytes.length} bytes, not n * 785`);
    return { digits: bytes.slice(0, n), images: bytes.slice(n) };
  }

  api.trainingData = function trainingData() {
    if (dataPromise === null) {
      dataPromise = Promise.all([fetchSplit("train"), fetchSplit("test")]).then(([train, test]) => ({
        trainImages: train.images, trainDigits: train.digits,
        testImages: test.images, testDigits: test.digits,
      }));
      dataPromise.catch(() => { dataPromise = null; });  // a failed load may be retried
    }
    return dataPromise;
  };

  function checkedSettings(options, nImages) {
    const settings = { ...DEFAULTS, ...options };
    const problem = (name, expected) => {
      throw new RangeError(`${name} must be ${expected}; got ${JSON.stringify(settings[name])}.`);
    };
    if (!(settings.learningRate > 0 && Number.isFinite(settings.learningRate))) problem("learningRate", "a number above 0");
    if (!Number.isInteger(settings.seed) || settings.seed < 0) problem("seed", "an integer of at least 0");
    if (!["cross_entropy", "mse"].includes(settings.loss)) problem("loss", '"cross_entropy" or "mse"');
    if (!["zeros", "random"].includes(settings.start)) problem("start", '"zeros" or "random"');
    if (settings.batches !== undefined) {
      if (!Array.isArray(settings.batches) || settings.batches.length === 0) problem("batches", "a non-empty array of arrays of indices");
      settings.batches = settings.batches.map(rows => Int32Array.from(rows));
      if (settings.batches.some(rows => rows.length === 0 || rows.some(r => !(r >= 0 && r < nImages)))) {
        problem("batches", `arrays of at least one index from 0 to ${nImages - 1}`);
      }
      if (options.steps === undefined) settings.steps = settings.batches.length;
      if (settings.steps !== settings.batches.length) problem("steps", `the number of batches, ${settings.batches.length}`);
    }
    if (!Number.isInteger(settings.steps) || settings.steps < 1 || settings.steps > MAX_STEPS) problem("steps", `an integer from 1 to ${MAX_STEPS}`);
    if (!Number.isInteger(settings.batchSize) || settings.batchSize < 1 || settings.batchSize > nImages) problem("batchSize", `an integer from 1 to ${nImages}`);
    return settings;
  }

  let running = null;  // the worker of the training under way

  /* Train in a worker; onProgress(message) sees the loss and weights as they change. */
  api.train = async function train(options = {}, onProgress = () => {}) {
    const data = await api.trainingData();
    const settings = checkedSettings(options, data.trainDigits.length);
    api.stop();
    const worker = new Worker(scriptAddress);
    running = worker;
    return new Promise((resolve, reject) => {
      worker.onerror = event => { worker.terminate(); reject(new Error(event.message)); };
      worker.onmessage = ({ data: message }) => {
        if (message.kind === "progress") { onProgress(message); return; }
        worker.terminate();
        if (running === worker) running = null;
        if (message.kind === "diverged") {
          reject(new RangeError(`training diverged: the loss or the weights became infinite or NaN at step ${message.step} with learningRate ${settings.learningRate}. Use a smaller learning rate, e.g. ${settings.learningRate / 10}.`));
        } else {
          resolve(message);
        }
      };
      worker.stopped = () => reject(new Error("stopped"));
      worker.postMessage({ data, settings });
    });
  };

  api.stop = function stop() {
    if (running) { running.terminate(); running.stopped(); running = null; }
  };

  document.querySelectorAll(".train-panel").forEach(panel => setUpPanel(panel, api));
}

/* --------------------------------------------------------------------- the panel */

/* A canvas's 2-D context, its pixels matched to the screen's, for drawing in CSS pixels. */
function sizedContext(canvas, width, height) {
  const ratio = window.devicePixelRatio || 1;
  canvas.style.height = `${height}px`;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const context = canvas.getContext("2d");
  context.scale(ratio, ratio);
  return context;
}

/* A loss for reading: three decimals, or three significant digits when it is huge. */
function formatLoss(value) {
  return Math.abs(value) < 1000 ? value.toFixed(3) : value.toPrecision(3);
}

function setUpPanel(panel, api) {
  const form = panel.querySelector("form");
  const button = panel.querySelector(".train-panel-button");
  const progress = panel.querySelector(".train-panel-progress");
  const result = panel.querySelector(".train-panel-result");
  const lossCanvas = panel.querySelector(".train-panel-loss");
  const weightsCanvas = panel.querySelector(".train-panel-weights");
  const picture = document.createElement("canvas");  // one digit's 28 x 28 weights
  picture.width = picture.height = 28;
  let shownWeights = new Float32Array(N_PIXELS * N_CLASSES);
  const colours = panel.dataset.colormap.match(/.{6}/g).map(hex => [0, 2, 4].map(at => parseInt(hex.slice(at, at + 2), 16)));
  let losses = [];
  let totalSteps = 0;

  const fields = Object.keys(URL_NAMES).map(name => form.elements[name]);
  const query = new URLSearchParams(window.location.search);
  for (const field of fields) if (query.has(field.name)) field.value = query.get(field.name);
  function rememberSettings() {  // in the page's address, which a reader can then share
    const address = new URL(window.location.href);
    for (const field of fields) {
      const isDefault = field.tagName === "SELECT" ? field.selectedIndex === 0 : field.value === field.defaultValue;
      if (isDefault) address.searchParams.delete(field.name);
      else address.searchParams.set(field.name, field.value);
    }
    window.history.replaceState(null, "", address);
  }
  form.addEventListener("change", rememberSettings);

  function options() {
    const chosen = {};
    for (const field of fields) {
      chosen[URL_NAMES[field.name]] = field.type === "number" ? Number(field.value) : field.value;
    }
    return chosen;
  }

  function drawLoss() {
    const width = lossCanvas.clientWidth;
    const height = lossCanvas.clientHeight;
    const context = sizedContext(lossCanvas, width, height);
    const style = getComputedStyle(lossCanvas);
    const left = 40, bottom = height - 24, top = 8, right = width - 8;
    const finite = losses.filter(Number.isFinite);
    const highest = Math.max(1e-9, ...finite.slice(0, 2000), ...finite.slice(-2000));
    context.strokeStyle = context.fillStyle = style.color;
    context.font = `12px ${style.fontFamily}`;
    context.beginPath();
    context.moveTo(left, top); context.lineTo(left, bottom); context.lineTo(right, bottom);
    context.stroke();
    context.fillText(highest.toPrecision(2), 2, top + 10);
    context.fillText("0", 2, bottom);
    context.fillText("loss", 2, (top + bottom) / 2);
    context.fillText(`step ${totalSteps}`, right - 60, height - 6);
    context.strokeStyle = style.getPropertyValue("--train-panel-line") || "#c0392b";
    context.beginPath();
    losses.forEach((value, s) => {
      const x = left + (right - left) * (s + 1) / Math.max(1, totalSteps);
      const y = bottom - (bottom - top) * Math.min(value, highest) / highest;
      if (s === 0) context.moveTo(x, y); else context.lineTo(x, y);
    });
    context.stroke();
  }

  /* Ten pictures, titled, over a colour bar: mt.plot_weights' figure, in a canvas. */
  function drawWeights(weights) {
    shownWeights = weights;
    const sorted = Float64Array.from(weights, Math.abs).sort();
    const position = 0.99 * (sorted.length - 1);  // NumPy's percentile, linear interpolation
    const below = Math.floor(position);
    const limit = sorted[below] + (sorted[below + 1] - sorted[below]) * (position - below) || 1;
    const width = weightsCanvas.clientWidth;
    const gap = 8, title = 16, size = Math.min(96, Math.floor((width - 4 * gap) / 5));
    const barTop = 2 * (title + size + gap) + 4;
    const height = barTop + 10 + 32;
    const context = sizedContext(weightsCanvas, width, height);
    const style = getComputedStyle(weightsCanvas);
    context.fillStyle = style.color;
    context.font = `12px ${style.fontFamily}`;
    context.textAlign = "center";
    context.imageSmoothingEnabled = false;
    const pictureContext = picture.getContext("2d");
    const image = pictureContext.createImageData(28, 28);
    for (let digit = 0; digit < N_CLASSES; digit++) {
      for (let j = 0; j < N_PIXELS; j++) {
        image.data.set([...colourOf(weights[j * N_CLASSES + digit], limit), 255], 4 * j);
      }
      pictureContext.putImageData(image, 0, 0);
      const x = (digit % 5) * (size + gap), y = Math.floor(digit / 5) * (title + size + gap);
      context.fillText(`digit ${digit}`, x + size / 2, y + 12);
      context.drawImage(picture, x, y + title, size, size);
    }
    const barWidth = 5 * size + 4 * gap;
    colours.forEach((colour, index) => {
      context.fillStyle = `rgb(${colour.join(",")})`;
      context.fillRect(barWidth * index / 256, barTop, barWidth / 256 + 0.5, 10);
    });
    context.fillStyle = style.color;
    const limitText = limit.toPrecision(2);
    context.textAlign = "left";
    context.fillText(`−${limitText}`, 0, barTop + 24);
    context.textAlign = "right";
    context.fillText(`+${limitText}`, barWidth, barTop + 24);
    context.textAlign = "center";
    context.fillText("0", barWidth / 2, barTop + 24);
    context.fillText("weight (red = positive)", barWidth / 2, barTop + 38);
    weightsCanvas.setAttribute("aria-label", "the weights of each digit as a 28 by 28 picture, "
      + `red where positive, blue where negative, colour limit ${limitText}`);
  }

  function colourOf(weight, limit) {
    const fraction = (weight + limit) / (2 * limit);
    return colours[Math.min(255, Math.max(0, Math.floor(fraction * 256)))];
  }

  function showErrors(message) {
    const rows = Array.from(message.counts, (count, digit) =>
      `<tr><th scope="row">${digit}</th><td>${count}</td><td>${message.errors[digit]}</td>` +
      `<td>${(100 * message.errors[digit] / count).toFixed(1)}%</td></tr>`).join("");
    panel.querySelector(".train-panel-errors").innerHTML =
      `<table><caption>Errors per digit on the ${message.counts.reduce((a, b) => a + b, 0).toLocaleString("en")} test images</caption>` +
      `<thead><tr><th scope="col">digit</th><th scope="col">images</th><th scope="col">errors</th>` +
      `<th scope="col">error rate</th></tr></thead><tbody>${rows}</tbody></table>`;
  }

  let training = false;

  function finish(text) {
    training = false;
    button.textContent = "Train";
    result.textContent = text;
  }

  async function start() {
    let chosen;
    if (!form.reportValidity()) return;
    rememberSettings();
    chosen = options();
    losses = [];
    totalSteps = chosen.steps;
    training = true;
    button.textContent = "Stop";
    result.textContent = "Training…";
    progress.textContent = `Loading the first ${panel.dataset.trainImages} training and `
      + `${panel.dataset.testImages} test images of mt.load_mnist()…`;
    panel.querySelector(".train-panel-errors").textContent = "";
    try {
      const message = await api.train(chosen, update => {
        losses.push(...update.loss);
        progress.textContent = `Step ${update.steps} of ${totalSteps}, loss ${formatLoss(losses[losses.length - 1])}`;
        drawLoss();
        drawWeights(update.weights);
      });
      losses = Array.from(message.loss);
      drawLoss();
      drawWeights(message.weights);
      showErrors(message);
      const first = formatLoss(losses[0]);
      const last = formatLoss(losses[losses.length - 1]);
      progress.textContent = `${totalSteps} steps on the first ${panel.dataset.trainImages} `
        + `training images, in ${(message.milliseconds / 1000).toFixed(1)} s`;
      lossCanvas.setAttribute("aria-label", `loss curve: from ${first} at the first step to ${last} at the last`);
      finish(`Done: ${totalSteps} steps; the loss went from ${first} to ${last}; ` +
        `test accuracy ${(100 * message.testAccuracy).toFixed(1)}% on the first `
        + `${panel.dataset.testImages} test images of mt.load_mnist().`);
    } catch (error) {
      progress.textContent = "";
      finish(error.message === "stopped" ? "Stopped." : `Not trained: ${error.message}`);
    }
  }

  form.addEventListener("submit", event => {
    event.preventDefault();
    if (training) api.stop(); else start();
  });
  let drawnWidth = 0;
  new ResizeObserver(() => {  // redraw at the new width (a phone turned, a window resized)
    if (panel.clientWidth === drawnWidth) return;
    drawnWidth = panel.clientWidth;
    drawLoss();
    drawWeights(shownWeights);
  }).observe(panel);
}
