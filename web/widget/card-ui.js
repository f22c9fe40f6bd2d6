// The highlighter's card UI (web/highlighter/ui.js: the glossary card, the live region; with it
// Floating UI, the cards' CSS, listed-card.js and the summary panel) loaded when first needed.
// web/widget/build.mjs bundles the widget with this file in place of ui.js for the controller
// (and session.js), so that ui.js and what only it needs are a chunk of their own, fetched on the
// first card or announcement: a reader who never opens one never downloads it (docs/widget.md,
// "Weight"). Until the chunk is in, this stand-in answers for it: no card is open, and a card
// asked for opens once the chunk has arrived (unless it was closed or cleared meanwhile).
export { UI_TAG } from '../highlighter/collect.js';

const FORWARDED_EVENTS = ['cardopen', 'cardclose', 'cardpointer'];

export class ChiplightUI extends EventTarget {
  #args;
  #real = null;
  #loading = null;
  #wantedCard = null; // the showCard() call made before the chunk arrived
  #destroyed = false;

  constructor(controller, options) {
    super();
    this.#args = [controller, options];
    if (options.floatingPanel) this.#load(); // shown from the start
  }

  #load() {
    if (!this.#loading) {
      this.#loading = import('../highlighter/ui.js').then(({ ChiplightUI: RealUI }) => {
        if (this.#destroyed) return null;
        const ui = new RealUI(...this.#args);
        for (const type of FORWARDED_EVENTS) {
          ui.addEventListener(type, (e) => this.dispatchEvent(new CustomEvent(type, { detail: e.detail })));
        }
        this.#real = ui;
        return ui;
      });
      this.#loading.catch((error) => {
        this.#loading = null; // tried again at the next card
        this.#args[0].dispatchEvent(new CustomEvent('error', { detail: { error } }));
      });
    }
    return this.#loading;
  }

  get host() {
    return this.#real ? this.#real.host : null;
  }

  get cardOpen() {
    return this.#real ? this.#real.cardOpen : false;
  }

  get cardPinned() {
    return this.#real ? this.#real.cardPinned : false;
  }

  get cardHit() {
    return this.#real ? this.#real.cardHit : null;
  }

  showCard(hit, options) {
    if (this.#real) {
      this.#real.showCard(hit, options);
      return;
    }
    const wanted = { hit, options };
    this.#wantedCard = wanted;
    this.#load().then((ui) => {
      if (!ui || this.#wantedCard !== wanted || this.#args[0].cleared) return;
      this.#wantedCard = null;
      ui.showCard(hit, options);
    }, () => {});
  }

  hideCard(options) {
    this.#wantedCard = null;
    this.#real?.hideCard(options);
  }

  announce(text) {
    if (this.#real) this.#real.announce(text);
    else this.#load().then((ui) => ui?.announce(text), () => {});
  }

  destroy() {
    this.#destroyed = true;
    this.#wantedCard = null;
    this.#real?.destroy();
  }
}
