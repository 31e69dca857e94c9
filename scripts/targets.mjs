// Tap targets under 44×44 CSS px, for scripts/axe.mjs (public pages) and scripts/e2e.mjs
// (console pages). Runs inside the page (page.evaluate). A link inside a sentence (displayed
// inline, with text of its own around it) is exempt, as WCAG 2.5.5 allows; a tick box or
// radio is measured by its label, which is what a finger taps.
export function smallTargets() {
  const out = [];
  const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]';
  for (const el of document.querySelectorAll(sel)) {
    let box = el;
    if (el.tagName === 'INPUT' && (el.type === 'checkbox' || el.type === 'radio')) {
      box = el.closest('label') || (el.id && document.querySelector(`label[for="${el.id}"]`)) || el;
    }
    const r = box.getBoundingClientRect();
    if (r.width * r.height === 0) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden') continue;
    if (el.tagName === 'A' && style.display === 'inline') {
      const own = el.textContent.trim().length;
      const around = (el.parentElement?.textContent || '').trim().length;
      if (around > own) continue;
    }
    if (r.height < 44 || r.width < 44) {
      const name = (el.textContent || el.getAttribute('name') || '').trim().slice(0, 40);
      out.push(`${el.tagName.toLowerCase()} "${name}" ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
  }
  return out;
}
