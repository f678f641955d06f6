/**
 * The presenter's pen and laser pointer (only on pages holding the presenter
 * token: the presenter's deck and its speaker view). `D` turns the pen on and
 * off, `L` the laser; while one is on, a toolbar offers the colours, undo
 * (`U`) and clear (`X`); `Esc` puts it away. Strokes are drawn here at once
 * and sent in parts, one per animation frame, so followers see them grow.
 * The server refuses all of this from anyone else (syncHub.ts).
 */
import { PEN_COLORS, PEN_CSS_COLORS, MAX_STROKE_POINTS, type PenColor } from '../../present/classroomProtocol.ts';
import { currentRole, onRoleChange, sendToServer } from './connection.ts';
import type { DrawingOverlay } from './overlay.ts';

type Tool = 'pen' | 'laser' | undefined;

const COLORS: readonly PenColor[] = PEN_COLORS.filter((c) => c !== 'white');

function strokeId(): string {
  return `s${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

export function initPen(overlay: DrawingOverlay): void {
  let tool: Tool;
  let color: PenColor = 'red';
  let drawing: { id: string; pending: number[] } | undefined;
  let laserPending: [number, number] | null | undefined;
  let frame = 0;

  const toolbar = document.createElement('div');
  toolbar.className = 'ld-pen-toolbar';
  toolbar.setAttribute('role', 'toolbar');
  toolbar.setAttribute('aria-label', 'Pen');
  toolbar.hidden = true;
  toolbar.innerHTML = [
    ...COLORS.map((c) => `<button type="button" class="ld-pen-color" data-color="${c}" aria-label="${c} pen" style="--ld-pen:${PEN_CSS_COLORS[c]}"></button>`),
    '<button type="button" data-pen="pen" title="Pen (D)">Pen</button>',
    '<button type="button" data-pen="laser" title="Laser pointer (L)">Laser</button>',
    '<button type="button" data-pen="undo" title="Undo the last stroke (U)">Undo</button>',
    '<button type="button" data-pen="wipe" title="Clear this slide\'s drawing (X)">Clear</button>',
    '<button type="button" data-pen="off" title="Put the pen away (Esc)">Done</button>',
  ].join('');
  document.body.append(toolbar);

  const render = (): void => {
    toolbar.hidden = !tool;
    overlay.svg.classList.toggle('ld-drawing-active', !!tool);
    overlay.svg.dataset.tool = tool ?? '';
    document.documentElement.dataset.ldTool = tool ?? '';
    toolbar.querySelectorAll<HTMLButtonElement>('[data-color]').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.color === color)));
    toolbar.querySelectorAll<HTMLButtonElement>('[data-pen="pen"], [data-pen="laser"]').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.pen === tool)));
  };

  const flush = (): void => {
    frame = 0;
    const slide = overlay.current();
    if (drawing && drawing.pending.length >= 2) {
      const points = drawing.pending.splice(0, MAX_STROKE_POINTS);
      sendToServer({ type: 'stroke', slide, stroke: { id: drawing.id, color, points } });
      if (drawing.pending.length) schedule();
    }
    if (laserPending !== undefined) {
      sendToServer({ type: 'laser', slide, point: laserPending });
      overlay.laser(slide, laserPending);
      laserPending = undefined;
    }
  };
  const schedule = (): void => {
    if (!frame) frame = requestAnimationFrame(flush);
  };

  const use = (next: Tool): void => {
    if (tool === 'laser' && next !== 'laser') {
      laserPending = null;
      schedule();
    }
    tool = next;
    render();
  };
  const undo = (): void => {
    const slide = overlay.current();
    if (overlay.undo(slide)) sendToServer({ type: 'undo', slide });
  };
  const wipe = (): void => {
    const slide = overlay.current();
    overlay.wipe(slide);
    sendToServer({ type: 'wipe', slide });
  };

  toolbar.addEventListener('click', (event) => {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button');
    if (!button) return;
    if (button.dataset.color) {
      color = button.dataset.color as PenColor;
      use('pen');
    } else if (button.dataset.pen === 'pen' || button.dataset.pen === 'laser') use(tool === button.dataset.pen ? undefined : button.dataset.pen);
    else if (button.dataset.pen === 'undo') undo();
    else if (button.dataset.pen === 'wipe') wipe();
    else use(undefined);
  });

  const svg = overlay.svg;
  svg.addEventListener('pointerdown', (event) => {
    if (tool !== 'pen') return;
    const at = overlay.toFraction(event.clientX, event.clientY);
    if (!at) return;
    event.preventDefault();
    svg.setPointerCapture(event.pointerId);
    drawing = { id: strokeId(), pending: [...at] };
    overlay.stroke(overlay.current(), { id: drawing.id, color, points: [...at] });
    schedule();
  });
  svg.addEventListener('pointermove', (event) => {
    const at = overlay.toFraction(event.clientX, event.clientY);
    if (tool === 'laser') {
      laserPending = at ?? null;
      return schedule();
    }
    if (!drawing || !at) return;
    drawing.pending.push(...at);
    overlay.stroke(overlay.current(), { id: drawing.id, color, points: [...at] });
    schedule();
  });
  const end = (): void => {
    if (drawing) flush();
    drawing = undefined;
  };
  svg.addEventListener('pointerup', end);
  svg.addEventListener('pointercancel', end);
  svg.addEventListener('pointerleave', () => {
    if (tool !== 'laser') return;
    laserPending = null;
    schedule();
  });

  window.addEventListener('keydown', (event) => {
    if (currentRole() !== 'presenter' || event.ctrlKey || event.metaKey || event.altKey) return;
    if ((event.target as HTMLElement | null)?.closest?.('input, textarea, select, [contenteditable], dialog')) return;
    const k = event.key.toLowerCase();
    const action = k === 'd' ? () => use(tool === 'pen' ? undefined : 'pen')
      : k === 'l' ? () => use(tool === 'laser' ? undefined : 'laser')
        : tool && k === 'u' ? undo
          : tool && k === 'x' ? wipe
            : tool && k === 'escape' ? () => use(undefined)
              : undefined;
    if (!action) return;
    // Capture phase: before reveal's own keys (L also moves right in reveal).
    event.preventDefault();
    event.stopPropagation();
    action();
  }, true);
  onRoleChange((role) => {
    if (role !== 'presenter') use(undefined);
  });
  render();
}
