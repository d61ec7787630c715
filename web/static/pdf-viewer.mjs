// The inline PDF viewer of a document's page (web/templates/viewer.html): pdf.js, served from the
// npm package (web/assets.py), draws one page at a time on a canvas, with previous/next and zoom,
// by buttons or keys. No eval (isEvalSupported: false) and no WebAssembly (useWasm: false), so the
// service's Content-Security-Policy holds as it is; the worker is a same-origin module.

const ZOOM_STEP = 1.25;
const MIN_SCALE = 0.25;
const MAX_SCALE = 5;
const MAX_FIT = 1.5; // "fit width" on a wide screen stops at 150%: a page, not a poster

const root = document.getElementById("pdf-viewer");
if (root) {
  start(root).catch(() => failed(root));
}

function failed(root) {
  root.querySelector("[data-failed]").hidden = false;
  root.querySelector(".pdf-toolbar").hidden = true;
  root.querySelector(".pdf-stage").hidden = true;
}

async function start(root) {
  const pdfjs = await import(root.dataset.lib);
  pdfjs.GlobalWorkerOptions.workerSrc = root.dataset.worker;
  root.hidden = false;
  const pdf = await pdfjs.getDocument({
    url: root.dataset.src,
    isEvalSupported: false,
    useWasm: false,
    enableXfa: false,
    standardFontDataUrl: root.dataset.fonts,
    cMapUrl: root.dataset.cmaps,
    cMapPacked: true,
  }).promise;
  const viewer = new Viewer(root, pdf);
  await viewer.show(1);
  viewer.listen();
}

class Viewer {
  constructor(root, pdf) {
    this.root = root;
    this.pdf = pdf;
    this.stage = root.querySelector(".pdf-stage");
    this.canvas = root.querySelector("canvas");
    this.pageLabel = root.querySelector("[data-page-label]");
    this.zoomLabel = root.querySelector("[data-zoom-label]");
    this.buttons = Object.fromEntries(
      [...root.querySelectorAll("[data-action]")].map((button) => [button.dataset.action, button]),
    );
    this.number = 1;
    this.scale = null; // null: as wide as the stage
    this.task = null;
    this.name = this.canvas.getAttribute("aria-label");
  }

  listen() {
    const actions = {
      prev: () => this.show(this.number - 1),
      next: () => this.show(this.number + 1),
      "zoom-in": () => this.zoom(ZOOM_STEP),
      "zoom-out": () => this.zoom(1 / ZOOM_STEP),
      fit: () => this.fit(),
    };
    for (const [action, button] of Object.entries(this.buttons)) {
      button.addEventListener("click", () => actions[action]());
    }
    const keys = {
      ArrowLeft: "prev", PageUp: "prev", ArrowRight: "next", PageDown: "next",
      "+": "zoom-in", "=": "zoom-in", "-": "zoom-out", "0": "fit",
    };
    this.root.addEventListener("keydown", (event) => {
      const action = keys[event.key];
      if (!action || event.altKey || event.ctrlKey || event.metaKey) return;
      event.preventDefault();
      actions[action]();
    });
    let waiting = null;
    window.addEventListener("resize", () => {
      if (this.scale !== null) return;
      clearTimeout(waiting);
      waiting = setTimeout(() => this.show(this.number), 150);
    });
  }

  zoom(factor) {
    const current = this.scale ?? this.fitted;
    this.scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, current * factor));
    return this.show(this.number);
  }

  fit() {
    this.scale = null;
    return this.show(this.number);
  }

  async show(number) {
    if (number < 1 || number > this.pdf.numPages) return;
    this.number = number;
    const page = await this.pdf.getPage(number);
    const natural = page.getViewport({ scale: 1 });
    const room = Math.max(120, this.stage.clientWidth - 2);
    this.fitted = Math.min(MAX_FIT, room / natural.width);
    const scale = this.scale ?? this.fitted;
    const viewport = page.getViewport({ scale });
    const ratio = window.devicePixelRatio || 1;
    if (this.task) this.task.cancel();
    this.canvas.width = Math.floor(viewport.width * ratio);
    this.canvas.height = Math.floor(viewport.height * ratio);
    this.canvas.style.width = `${Math.floor(viewport.width)}px`;
    this.canvas.style.height = `${Math.floor(viewport.height)}px`;
    const transform = ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : null;
    this.task = page.render({ canvas: this.canvas, canvasContext: this.canvas.getContext("2d"), viewport, transform });
    try {
      await this.task.promise;
    } catch (error) {
      if (error && error.name === "RenderingCancelledException") return;
      throw error;
    }
    this.task = null;
    const total = this.pdf.numPages;
    const { pageWord, ofWord } = this.root.dataset;
    this.pageLabel.textContent = `${number} / ${total}`;
    this.canvas.setAttribute("aria-label", `${this.name}: ${pageWord} ${number} ${ofWord} ${total}`);
    this.zoomLabel.textContent = `${Math.round(scale * 100)}%`;
    this.buttons.prev.disabled = number <= 1;
    this.buttons.next.disabled = number >= total;
    this.root.dataset.rendered = String(number);
  }
}
