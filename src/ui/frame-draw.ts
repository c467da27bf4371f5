/**
 * The redraw schedule every canvas element shares, as a lit reactive controller: a draw on the
 * next animation frame after `request()`, after each lit update and when the element is resized;
 * several requests in one frame make one draw. Stops with the element.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class FrameDraw implements ReactiveController {
  private pending = 0;
  private resize?: ResizeObserver;

  /** @param draw the host's drawing, called at most once per animation frame */
  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly draw: () => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.resize = new ResizeObserver(() => this.request());
    this.resize.observe(this.host);
  }

  hostDisconnected(): void {
    this.resize?.disconnect();
    if (this.pending) cancelAnimationFrame(this.pending);
    this.pending = 0;
  }

  hostUpdated(): void {
    this.request();
  }

  /** Schedule one draw on the next animation frame. */
  request(): void {
    if (this.pending) return;
    this.pending = requestAnimationFrame(() => {
      this.pending = 0;
      this.draw();
    });
  }
}
