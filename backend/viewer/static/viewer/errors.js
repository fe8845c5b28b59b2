// One error type whose code names the message to show (an i18n key), so every failure the
// recipient can meet has a sentence in their language and no technical detail leaks.
export class ViewerError extends Error {
  constructor(code, params = {}) {
    super(code);
    this.code = code;
    this.params = params;
  }
}
