/* Draw a digit: the softmax regression trained by the page "Draw a digit", in plain JavaScript.
 *
 * The page's build exports the trained weights W (784 x 10) and bias b (10) to
 * draw_digit_model.js next to the page, which sets window.mnistTutorialModel.
 * This file reads them and exposes, for tests and curious readers:
 *
 *   mnistTutorial.classify(pixels)   784 numbers in [0, 1] -> the ten probabilities
 *   mnistTutorial.logits(pixels)     the ten logits z = x W + b
 *   mnistTutorial.evidence(pixels, digit)   the 784 products x_i W_id (they sum to z_d - b_d)
 *   mnistTutorial.preprocess(ink, width, height)   MNIST's preprocessing of a drawing
 *   mnistTutorial.downsample(ink, width, height)   the drawing shrunk to 28 x 28, nothing else
 *
 * No framework, no external script: it works from the built files, offline.
 */
(function () {
  "use strict";

  const SIDE = 28;
  const N_PIXELS = SIDE * SIDE;
  const N_CLASSES = 10;
  // MNIST fitted each digit into a box of this many pixels before centring it.
  const BOX = 20;
  // The ends of matplotlib's RdBu_r: red for positive, blue for negative, white for 0.
  const RED = [178, 24, 43];
  const BLUE = [33, 102, 172];

  // --- The model's arithmetic --------------------------------------------------------

  function model() {
    const exported = window.mnistTutorialModel;
    if (!exported) {
      throw new Error("mnistTutorial: no model; draw_digit_model.js (written by the site's " +
                      "build next to this page) did not load.");
    }
    return exported;
  }

  function checkPixels(pixels) {
    if (!pixels || pixels.length !== N_PIXELS) {
      throw new RangeError("mnistTutorial: pixels must be 784 numbers (a 28 x 28 image, row " +
                           "by row); got " + (pixels ? pixels.length + " values" : pixels) + ".");
    }
    for (let i = 0; i < N_PIXELS; i++) {
      const value = pixels[i];
      if (typeof value !== "number" || !(value >= 0 && value <= 1)) {
        throw new RangeError("mnistTutorial: pixels must lie in [0, 1]; pixel " + i +
                             " is " + value + ". Divide 0-255 grey levels by 255.");
      }
    }
  }

  /** The ten logits z_d = sum_i x_i W_id + b_d. */
  function logits(pixels) {
    checkPixels(pixels);
    const { weights, bias } = model();
    const scores = bias.slice();
    for (let i = 0; i < N_PIXELS; i++) {
      const ink = pixels[i];
      if (ink === 0) continue;
      const row = weights[i];
      for (let d = 0; d < N_CLASSES; d++) scores[d] += ink * row[d];
    }
    return scores;
  }

  /** Softmax, with the largest logit subtracted first so that exp cannot overflow. */
  function softmax(scores) {
    const largest = Math.max(...scores);
    const exps = scores.map((score) => Math.exp(score - largest));
    const total = exps.reduce((sum, value) => sum + value, 0);
    return exps.map((value) => value / total);
  }

  /** The ten probabilities the model gives a 28 x 28 image (784 numbers in [0, 1]). */
  function classify(pixels) {
    return softmax(logits(pixels));
  }

  /** The evidence picture for one digit: x_i W_id for every pixel i. */
  function evidence(pixels, digit) {
    checkPixels(pixels);
    if (!Number.isInteger(digit) || digit < 0 || digit > 9) {
      throw new RangeError("mnistTutorial: digit must be an integer 0-9; got " + digit + ".");
    }
    const { weights } = model();
    return Array.from(pixels, (ink, i) => ink * weights[i][digit]);
  }

  // --- From a drawing to the model's input -------------------------------------------

  /** Shrink a drawing (ink in [0, 1], row by row) to 28 x 28 by averaging blocks of it. */
  function downsample(ink, width, height) {
    return resample(ink, width, { left: 0, top: 0, right: width, bottom: height },
                    { left: 0, top: 0, scale: SIDE / Math.max(width, height) });
  }

  /** Average the ink of a region of the drawing into cells of a 28 x 28 picture.
   *  A drawing pixel (x, y) lands in cell (left + (x - region.left) * scale, ...). */
  function resample(ink, width, region, place) {
    const sums = new Float64Array(N_PIXELS);
    const counts = new Float64Array(N_PIXELS);
    for (let y = region.top; y < region.bottom; y++) {
      const row = Math.floor(place.top + (y - region.top + 0.5) * place.scale);
      if (row < 0 || row >= SIDE) continue;
      for (let x = region.left; x < region.right; x++) {
        const column = Math.floor(place.left + (x - region.left + 0.5) * place.scale);
        if (column < 0 || column >= SIDE) continue;
        sums[row * SIDE + column] += ink[y * width + x];
        counts[row * SIDE + column] += 1;
      }
    }
    return Array.from(sums, (sum, i) => (counts[i] ? Math.min(1, sum / counts[i]) : 0));
  }

  /** The smallest rectangle holding all the ink, or null for an empty drawing. */
  function inkBox(ink, width, height) {
    let left = width, top = height, right = -1, bottom = -1;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (ink[y * width + x] > 0) {
          left = Math.min(left, x); right = Math.max(right, x);
          top = Math.min(top, y); bottom = Math.max(bottom, y);
        }
      }
    }
    return right < 0 ? null : { left, top, right: right + 1, bottom: bottom + 1 };
  }

  /** The centre of mass (row, column) of a 28 x 28 picture, in pixel indices. */
  function centreOfMass(pixels) {
    let mass = 0, row = 0, column = 0;
    for (let i = 0; i < N_PIXELS; i++) {
      mass += pixels[i];
      row += pixels[i] * Math.floor(i / SIDE);
      column += pixels[i] * (i % SIDE);
    }
    return mass ? { row: row / mass, column: column / mass, mass } : null;
  }

  /** Move a 28 x 28 picture by whole pixels; what leaves the field is lost. */
  function shift(pixels, rows, columns) {
    const moved = new Array(N_PIXELS).fill(0);
    for (let r = 0; r < SIDE; r++) {
      for (let c = 0; c < SIDE; c++) {
        const [to, tc] = [r + rows, c + columns];
        if (to >= 0 && to < SIDE && tc >= 0 && tc < SIDE) moved[to * SIDE + tc] = pixels[r * SIDE + c];
      }
    }
    return moved;
  }

  /** MNIST's preprocessing: fit the ink into a 20 x 20 box (keeping its shape), then move
   *  it so that its centre of mass sits where MNIST's digits have theirs on average. */
  function preprocess(ink, width, height) {
    const box = inkBox(ink, width, height);
    if (!box) return new Array(N_PIXELS).fill(0);
    const [boxWidth, boxHeight] = [box.right - box.left, box.bottom - box.top];
    const scale = BOX / Math.max(boxWidth, boxHeight);
    const place = {
      left: (SIDE - boxWidth * scale) / 2,
      top: (SIDE - boxHeight * scale) / 2,
      scale,
    };
    const fitted = resample(ink, width, box, place);
    const centre = centreOfMass(fitted);
    const target = model().centre_of_mass;
    return shift(fitted, Math.round(target[0] - centre.row), Math.round(target[1] - centre.column));
  }

  window.mnistTutorial = { classify, logits, softmax, evidence, preprocess, downsample, centreOfMass };

  // --- The drawing area ------------------------------------------------------------------

  function paintPixels(canvas, colours) {
    const context = canvas.getContext("2d");
    const image = context.createImageData(SIDE, SIDE);
    colours.forEach((rgb, i) => {
      image.data.set([rgb[0], rgb[1], rgb[2], 255], 4 * i);
    });
    context.putImageData(image, 0, 0);
  }

  function grey(ink) {
    const level = Math.round(255 * (1 - ink));
    return [level, level, level];
  }

  function redBlue(value, limit) {
    const t = limit > 0 ? Math.min(1, Math.abs(value) / limit) : 0;
    const end = value > 0 ? RED : BLUE;
    return end.map((channel) => Math.round(255 + t * (channel - 255)));
  }

  function percent(probability) {
    return (100 * probability).toFixed(1) + "%";
  }

  function argmax(values) {
    return values.reduce((best, value, i) => (value > values[best] ? i : best), 0);
  }

  class DrawingArea {
    constructor(root) {
      this.root = root;
      this.pad = root.querySelector(".mnist-draw-pad");
      this.context = this.pad.getContext("2d", { willReadFrequently: true });
      this.input = root.querySelector(".mnist-draw-input");
      this.evidenceCanvas = root.querySelector(".mnist-draw-evidence");
      this.preprocessing = root.querySelector(".mnist-draw-preprocess");
      this.digitChoice = root.querySelector(".mnist-draw-digit");
      this.readout = root.querySelector(".mnist-draw-readout");
      this.sum = root.querySelector(".mnist-draw-sum");
      this.loaded = null;  // a test image shown exactly as MNIST stores it, until drawn on
      this.pending = false;
      this.buildBars();
      this.buildExamples();
      this.listen();
      this.clear();
    }

    buildBars() {
      const bars = this.root.querySelector(".mnist-draw-bars");
      this.bars = [];
      for (let d = 0; d < N_CLASSES; d++) {
        const row = document.createElement("div");
        row.className = "mnist-draw-bar";
        row.innerHTML = '<span class="mnist-draw-bar-digit">' + d + "</span>" +
          '<span class="mnist-draw-bar-track"><span class="mnist-draw-bar-fill"></span></span>' +
          '<span class="mnist-draw-bar-value"></span>';
        bars.appendChild(row);
        this.bars.push(row);
      }
    }

    buildExamples() {
      const holder = this.root.querySelector(".mnist-draw-examples");
      model().examples.forEach((example) => {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = String(example.digit);
        button.setAttribute("aria-label", "Load test image " + example.index +
                            ", a " + example.digit);
        button.addEventListener("click", () => this.load(example));
        holder.appendChild(button);
      });
    }

    listen() {
      let last = null;
      const point = (event) => {
        const rect = this.pad.getBoundingClientRect();
        return [(event.clientX - rect.left) * this.pad.width / rect.width,
                (event.clientY - rect.top) * this.pad.height / rect.height];
      };
      this.pad.addEventListener("pointerdown", (event) => {
        event.preventDefault();
        this.pad.setPointerCapture(event.pointerId);
        this.loaded = null;
        last = point(event);
        this.stroke(last, last);
      });
      this.pad.addEventListener("pointermove", (event) => {
        if (!last) return;
        const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
        for (const each of events.length ? events : [event]) {
          const next = point(each);
          this.stroke(last, next);
          last = next;
        }
      });
      const end = () => {
        if (!last) return;
        last = null;
        this.update(true);
      };
      this.pad.addEventListener("pointerup", end);
      this.pad.addEventListener("pointercancel", end);
      this.root.querySelector(".mnist-draw-clear").addEventListener("click", () => this.clear());
      this.preprocessing.addEventListener("change", () => this.update(true));
      this.digitChoice.addEventListener("change", () => this.update(false));
    }

    stroke(from, to) {
      const context = this.context;
      context.strokeStyle = "#000";
      context.lineWidth = this.pad.width / 14;
      context.lineCap = "round";
      context.lineJoin = "round";
      context.beginPath();
      context.moveTo(from[0], from[1]);
      context.lineTo(to[0], to[1]);
      context.stroke();
      if (!this.pending) {
        this.pending = true;
        requestAnimationFrame(() => { this.pending = false; this.update(false); });
      }
    }

    clear() {
      this.loaded = null;
      this.context.clearRect(0, 0, this.pad.width, this.pad.height);
      this.update(true);
    }

    load(example) {
      const pixels = example.pixels.map((level) => level / 255);
      const cell = this.pad.width / SIDE;
      this.context.clearRect(0, 0, this.pad.width, this.pad.height);
      pixels.forEach((ink, i) => {
        if (ink > 0) {
          this.context.fillStyle = "rgba(0, 0, 0, " + ink + ")";
          this.context.fillRect((i % SIDE) * cell, Math.floor(i / SIDE) * cell, cell, cell);
        }
      });
      this.loaded = pixels;
      this.update(true);
    }

    /** The 784 numbers the model receives now. */
    currentInput() {
      if (this.loaded) return this.loaded;
      const { width, height } = this.pad;
      const rgba = this.context.getImageData(0, 0, width, height).data;
      const ink = new Float64Array(width * height);
      for (let i = 0; i < ink.length; i++) ink[i] = rgba[4 * i + 3] / 255;
      return this.preprocessing.checked ? preprocess(ink, width, height)
                                        : downsample(ink, width, height);
    }

    update(announce) {
      const pixels = this.currentInput();
      this.pixels = pixels;
      paintPixels(this.input, pixels.map(grey));
      const scores = logits(pixels);
      const probabilities = softmax(scores);
      const predicted = argmax(probabilities);
      this.probabilities = probabilities;
      this.bars.forEach((row, d) => {
        row.classList.toggle("is-predicted", d === predicted);
        row.querySelector(".mnist-draw-bar-fill").style.width = percent(probabilities[d]);
        row.querySelector(".mnist-draw-bar-value").textContent = percent(probabilities[d]);
      });
      const chosen = this.digitChoice.value === "predicted" ? predicted : Number(this.digitChoice.value);
      this.drawEvidence(pixels, chosen, scores[chosen]);
      this.root.dataset.predicted = String(predicted);
      if (announce) this.announce(probabilities, predicted);
    }

    drawEvidence(pixels, digit, logit) {
      const products = evidence(pixels, digit);
      const limit = Math.max(...products.map(Math.abs));
      paintPixels(this.evidenceCanvas, products.map((value) => redBlue(value, limit)));
      const total = products.reduce((sum, value) => sum + value, 0);
      const bias = model().bias[digit];
      this.sum.textContent = "Evidence for " + digit + " (red pixels argue for it, blue " +
        "against): the picture sums to " +
        total.toFixed(3) + "; plus the bias " + bias.toFixed(3) + " gives the logit " +
        logit.toFixed(3) + ". Colours run to \u00b1" + limit.toFixed(3) + ".";
    }

    announce(probabilities, predicted) {
      const others = probabilities.map((p, d) => [p, d]).filter(([, d]) => d !== predicted)
        .sort((a, b) => b[0] - a[0]).slice(0, 2);
      const empty = this.pixels.every((ink) => ink === 0);
      const source = this.loaded ? "The test image" : empty
        ? "The input is empty (every pixel 0), so the logits are the bias alone; it" : "Your drawing";
      this.readout.textContent = source + " reads as " + predicted + " (" +
        percent(probabilities[predicted]) + "); next " +
        others.map(([p, d]) => d + " (" + percent(p) + ")").join(", ") + ". All ten: " +
        probabilities.map((p, d) => d + ": " + percent(p)).join(", ") + ".";
    }
  }

  function start() {
    document.querySelectorAll(".mnist-draw").forEach((root) => {
      if (!window.mnistTutorialModel) {
        root.querySelector(".mnist-draw-readout").textContent =
          "The model's weights (draw_digit_model.js, written by the site's build next to " +
          "this page) did not load, so the drawing area cannot run.";
        return;
      }
      root.mnistDrawingArea = new DrawingArea(root);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
