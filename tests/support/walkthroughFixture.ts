/**
 * Walkthrough slides for the e2e tests, made by the real renderer (shiki via
 * src/render/highlight.ts) and marked the way the build marks code too long
 * for its slide: `<div class="code-block" data-ld-walkthrough>` around the
 * stepped `<pre data-ld-window="N" style="…;--ld-window-h:…">`. One slide has steps written
 * in the fence (```go {1-15|16-30|…}), the other gets its steps from
 * walkthroughSteps(), as the build's fit pass will.
 */
import type { Page } from '@playwright/test';
import { walkthroughSteps } from '../../src/render/codeWalkthrough.ts';
import { createCodeHighlighter } from '../../src/render/highlight.ts';
import type { RevealWindow } from './fixtures.ts';

export const EXPLICIT = {
  id: 'walkthrough-explicit',
  title: 'Walking through a reconciler',
  lang: 'go',
  window: 16,
  steps: ['1-15', '16-30', '31-42', '43-58', '59-65'],
  code: `package controller

import (
	"context"
	"fmt"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// requeueAfter is how long a healthy shop waits for its next check.
const requeueAfter = 5 * time.Minute

// ShopReconciler keeps each Shop's Deployment at the size it asks for.
type ShopReconciler struct {
	client.Client

	// Recorder notes what changed, for kubectl describe.
	Recorder EventRecorder
	// MaxReplicas caps what a Shop may ask for.
	MaxReplicas int32
}

// EventRecorder is the part of record.EventRecorder we use.
type EventRecorder interface {
	Eventf(object any, kind, reason, format string, args ...any)
}

// Reconcile is called for every change to a Shop or its Deployment.
func (r *ShopReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	var shop Shop
	if err := r.Get(ctx, req.NamespacedName, &shop); err != nil {
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}

	want := shop.Spec.Replicas
	if want > r.MaxReplicas {
		want = r.MaxReplicas
	}

	var deploy appsv1.Deployment
	if err := r.Get(ctx, req.NamespacedName, &deploy); err != nil {
		return ctrl.Result{}, fmt.Errorf("reading the deployment of %s: %w", req.Name, err)
	}
	if deploy.Spec.Replicas != nil && *deploy.Spec.Replicas == want {
		return ctrl.Result{RequeueAfter: requeueAfter}, nil
	}
	deploy.Spec.Replicas = &want

	if err := r.Update(ctx, &deploy); err != nil {
		return ctrl.Result{}, err
	}
	r.Recorder.Eventf(&shop, "Normal", "Scaled", "scaled to %d replicas", want)
	return ctrl.Result{RequeueAfter: requeueAfter}, nil
}

// SetupWithManager watches Shops and the Deployments they own.
func (r *ShopReconciler) SetupWithManager(mgr ctrl.Manager) error {
	return ctrl.NewControllerManagedBy(mgr).
		For(&Shop{}).
		Owns(&appsv1.Deployment{}).
		Complete(r)
}`,
};

export const AUTOMATIC = {
  id: 'walkthrough-automatic',
  title: 'Walking through the manifests',
  lang: 'yaml',
  window: 18,
  code: `apiVersion: v1
kind: Namespace
metadata:
  name: team-orders
  labels:
    owner: orders
    cost-centre: cc-114
  annotations:
    contact: orders-oncall@example.com
    purpose: order intake and billing
---
apiVersion: v1
kind: ResourceQuota
metadata:
  name: team-orders-quota
  namespace: team-orders
spec:
  hard:
    requests.cpu: "8"
    requests.memory: 16Gi
    limits.memory: 24Gi
    pods: "40"
    persistentvolumeclaims: "10"
---
apiVersion: v1
kind: LimitRange
metadata:
  name: team-orders-defaults
  namespace: team-orders
spec:
  limits:
    - type: Container
      default:
        memory: 256Mi
      defaultRequest:
        cpu: 100m
        memory: 128Mi`,
};

export interface WalkthroughSlide {
  id: string;
  title: string;
  window: number;
  lines: string[];
  steps: string[];
  html: string;
}

/** Both fixture slides, rendered. */
export async function walkthroughSlides(): Promise<WalkthroughSlide[]> {
  const highlighter = await createCodeHighlighter();
  try {
    await highlighter.loadLanguages([EXPLICIT.lang, AUTOMATIC.lang]);
    return [EXPLICIT, { ...AUTOMATIC, steps: walkthroughSteps(AUTOMATIC.code.split('\n'), AUTOMATIC.window, { lang: AUTOMATIC.lang }) }].map((fixture) => {
      const { html } = highlighter.highlight(`${fixture.code}\n`, { lang: fixture.lang, meta: `{${fixture.steps.join('|')}}` }, { file: 'fixture.md', line: 1 });
      // As the layout pass marks it (src/fit/page/walkthrough.ts).
      const marked = html
        .replace('<div class="code-block">', '<div class="code-block" data-ld-walkthrough>')
        // The layout pass measures the window's height in pixels; N of the pre's line boxes, padding and border here.
        .replace(/<pre class="([^"]*)" style="([^"]*)"/, `<pre class="$1" style="$2;--ld-window-h:calc(${fixture.window} * 1lh + 35px)" data-ld-window="${fixture.window}"`);
      if (!marked.includes('data-ld-walkthrough') || !marked.includes('data-ld-window')) throw new Error(`the renderer gave no stepped code block for ${fixture.id}`);
      return {
        id: fixture.id,
        title: fixture.title,
        window: fixture.window,
        lines: fixture.code.split('\n'),
        steps: fixture.steps,
        html: `<section id="${fixture.id}" data-ld-line="1"><h2>${fixture.title}</h2>${marked}<aside class="notes"><p>Notes for ${fixture.title}.</p></aside></section>`,
      };
    });
  } finally {
    highlighter.dispose();
  }
}

/**
 * Makes every load of the deck at `deckPath` in `target` (a page or a
 * context) carry the fixture slides after its first slide: they are put in
 * when the page has been parsed, before its (deferred, module) scripts run.
 * Done in the page rather than by answering the request from the test, so
 * the page stays an ordinary load from the server (Chromium's local network
 * checks refuse WebSockets to 127.0.0.1 from a page answered by a route).
 */
export async function addWalkthroughSlides(target: Pick<Page, 'addInitScript'>, deckPath: string, slides: readonly WalkthroughSlide[]): Promise<void> {
  await target.addInitScript(({ deckPath, html }) => {
    if (!location.pathname.endsWith(deckPath)) return;
    document.addEventListener('readystatechange', () => {
      if (document.readyState !== 'interactive') return;
      document.querySelector('.reveal .slides > section')?.insertAdjacentHTML('afterend', html);
    });
  }, { deckPath, html: slides.map((s) => s.html).join('\n') });
}

/** Lines numbers (1-based) from "1-4,7". */
export function specLines(spec: string): number[] {
  return spec.split(',').flatMap((part) => {
    const [from, to = from] = part.split('-').map(Number);
    return Array.from({ length: to! - from! + 1 }, (_, i) => from! + i);
  });
}

export interface WindowFacts {
  highlighted: number[];
  /** Lines wholly inside the code window's visible box. */
  inView: number[];
  total: number;
  scrollTop: number;
}

/** What the walkthrough `<pre>` of slide `id` shows, under `root` (a CSS selector: the deck, or the speaker view's preview). */
export function windowFacts(page: Page, id: string, root = '.reveal:not(.ld-preview-deck)'): Promise<WindowFacts> {
  return page.evaluate(({ id, root }) => {
    const section = document.querySelector(root)!.querySelector(`section[id$="${id}"]`)!;
    const pre = section.querySelector<HTMLElement>('.code-block[data-ld-walkthrough] > pre')!;
    const box = pre.getBoundingClientRect();
    const scale = box.height / pre.offsetHeight || 1;
    const top = box.top + pre.clientTop * scale;
    const bottom = top + pre.clientHeight * scale;
    const lines = [...pre.querySelectorAll<HTMLElement>('.line')];
    return {
      highlighted: lines.filter((l) => l.classList.contains('highlighted')).map((l) => Number(l.dataset.line)),
      inView: lines.filter((l) => {
        const r = l.getBoundingClientRect();
        return r.height > 0 && r.top >= top - 0.5 && r.bottom <= bottom + 0.5;
      }).map((l) => Number(l.dataset.line)),
      total: lines.length,
      scrollTop: pre.scrollTop,
    };
  }, { id, root });
}

export function goToSlide(page: Page, id: string): Promise<void> {
  return page.evaluate((slideId) => {
    const reveal = (window as unknown as RevealWindow).Reveal;
    const i = reveal.getIndices(document.getElementById(slideId)!);
    reveal.slide(i.h, i.v ?? 0, -1);
  }, id);
}
