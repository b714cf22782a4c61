/// The accessibility check that runs inside the page: JavaScript that returns a list of problems,
/// each a sentence naming the element, like `input#email has no label`. An empty list means
/// none of these rules found anything:
///
/// - `<html lang>` is present;
/// - exactly one `h1`, and heading levels never skip (an h3 right after an h1);
/// - every visible input, select and textarea (not hidden, submit or button inputs) has an
///   accessible name from `label[for]`, a wrapping `label`, `aria-label` or `aria-labelledby`;
/// - every button and link has an accessible name; every image has `alt` (empty for decoration);
/// - text contrast is at least 4.5:1, or 3:1 for large text (24px, or 18.66px bold), using WCAG's
///   relative luminance, against the background found by walking up the element's ancestors until
///   one is opaque (the page's root counts as white). Text over a background image or gradient is
///   not judged, because its background colour is unknown;
/// - no text is drawn under 12 px — SVG text measured as drawn, after the drawing is scaled to
///   its box — and no text is cut off (an element with overflow hidden whose content is wider
///   than its box);
/// - the page is never wider than the window (it reflows instead of scrolling sideways);
/// - what the page marks as leading it (`data-leads`) begins on the first screen, at least 48 px
///   of it showing (on a phone, the inbox's conversations are not pushed down by filters);
/// - nobody is taken out of the keyboard order: no positive `tabindex`, and no visible control
///   with a negative one.
enum AccessibilityScript {
    static let source = #"""
        const problems = [];
        const report = (text) => { if (!problems.includes(text)) problems.push(text); };

        // An element as a message names it: its tag, then #id, [name], [href], [src] or classes,
        // and (without an id) the first words of its text.
        const describe = (element) => {
          const tag = element.tagName.toLowerCase();
          if (element.id) return tag + '#' + element.id;
          let text = tag;
          const attribute = ['name', 'href', 'src'].find((name) => element.getAttribute(name));
          if (attribute) text += '[' + attribute + '="' + element.getAttribute(attribute).slice(0, 60) + '"]';
          else if (element.classList.length) text += '.' + Array.from(element.classList).join('.');
          const words = (element.textContent || '').trim().replace(/\s+/g, ' ');
          if (words) text += ' "' + (words.length > 40 ? words.slice(0, 40) + '…' : words) + '"';
          return text;
        };

        // Drawn on the screen: not hidden by CSS, and taking up space.
        const rendered = (element) => {
          const style = getComputedStyle(element);
          if (style.display === 'none' || style.visibility === 'hidden' || style.visibility === 'collapse') return false;
          return element.getClientRects().length > 0;
        };
        // Drawn on the screen and given to assistive technology.
        const exposed = (element) => rendered(element) && !element.closest('[aria-hidden="true"], [inert]');

        // The words an element contributes to a name: its text and its images' alt text, without
        // the form controls inside it (a label names its control; the control's value is not the label).
        const wordsOf = (node) => {
          let text = '';
          for (const child of node.childNodes) {
            if (child.nodeType === Node.TEXT_NODE) { text += child.textContent; continue; }
            if (child.nodeType !== Node.ELEMENT_NODE || child.getAttribute('aria-hidden') === 'true') continue;
            const style = getComputedStyle(child);
            if (style.display === 'none' || style.visibility === 'hidden') continue;
            const tag = child.tagName.toLowerCase();
            if (['input', 'select', 'textarea'].includes(tag)) continue;
            if (child.getAttribute('aria-label')) text += ' ' + child.getAttribute('aria-label');
            else if (tag === 'img') text += ' ' + (child.getAttribute('alt') || '');
            else if (tag === 'svg') text += ' ' + ((child.querySelector('title') || {}).textContent || '');
            else text += ' ' + wordsOf(child);
          }
          return text.replace(/\s+/g, ' ').trim();
        };
        // The name given by aria-labelledby or aria-label, if any.
        const ariaName = (element) => {
          const ids = (element.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
          const labelled = ids.map((id) => document.getElementById(id)).filter(Boolean).map(wordsOf).join(' ').trim();
          return labelled || (element.getAttribute('aria-label') || '').trim();
        };

        // The page's language.
        if (!(document.documentElement.getAttribute('lang') || '').trim()) {
          report('html has no lang attribute, so screen readers cannot tell which language the page is in');
        }

        // Headings: one h1, no skipped levels, none empty.
        const headings = Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6')).filter(exposed);
        const mainHeadings = headings.filter((heading) => heading.tagName === 'H1');
        if (mainHeadings.length === 0) report('the page has no h1');
        if (mainHeadings.length > 1) {
          report('the page has ' + mainHeadings.length + ' h1 elements (' + mainHeadings.map(describe).join(', ') + '); it should have one');
        }
        let previous = null;
        for (const heading of headings) {
          const level = Number(heading.tagName[1]);
          if (!wordsOf(heading) && !ariaName(heading)) report(describe(heading) + ' is an empty heading');
          if (previous) {
            const before = Number(previous.tagName[1]);
            if (level > before + 1) report(describe(heading) + ' follows ' + describe(previous) + ', skipping h' + (before + 1));
          }
          previous = heading;
        }

        // Form fields have labels.
        for (const field of document.querySelectorAll('input, select, textarea')) {
          if (field.tagName === 'INPUT' && ['hidden', 'submit', 'button', 'reset', 'image'].includes(field.type)) continue;
          if (!exposed(field)) continue;
          const labelled = Array.from(field.labels || []).map(wordsOf).join(' ').trim();
          if (!labelled && !ariaName(field)) report(describe(field) + ' has no label');
        }

        // Buttons and links have names.
        const actions = 'a[href], button, [role="button"], [role="link"], input[type="submit"], input[type="button"], '
          + 'input[type="reset"], input[type="image"]';
        for (const action of document.querySelectorAll(actions)) {
          if (!exposed(action)) continue;
          let name = ariaName(action);
          if (!name && action.tagName === 'INPUT') {
            const defaults = { submit: 'Submit', reset: 'Reset' };
            name = (action.type === 'image' ? action.getAttribute('alt') : action.getAttribute('value') ?? defaults[action.type]) || '';
          } else if (!name) {
            name = wordsOf(action);
          }
          name = name.trim() || (action.getAttribute('title') || '').trim();
          const kind = action.tagName === 'A' || action.getAttribute('role') === 'link' ? 'link' : 'button';
          if (!name) report(describe(action) + ' is a ' + kind + ' with no name (no text, alt, aria-label or aria-labelledby)');
        }

        // Images say what they show, or alt="" says they are decoration.
        for (const image of document.querySelectorAll('img')) {
          if (exposed(image) && !image.hasAttribute('alt')) report(describe(image) + ' has no alt text (alt="" if it is decoration)');
        }

        // Text contrast (WCAG 2, success criterion 1.4.3).
        const canvas = document.createElement('canvas');
        canvas.width = canvas.height = 1;
        const painter = canvas.getContext('2d', { willReadFrequently: true });
        // [red, green, blue, alpha] (0–255, 0–1) of a computed CSS colour.
        const parseColor = (text) => {
          const match = text.match(/^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,\/]\s*([\d.]+)(%?))?\s*\)$/);
          if (match) {
            const alpha = match[4] === undefined ? 1 : Number(match[4]) / (match[5] ? 100 : 1);
            return [Number(match[1]), Number(match[2]), Number(match[3]), alpha];
          }
          // Other notations (oklch(), color(), color-mix()): the browser paints one pixel, and we read it back.
          painter.clearRect(0, 0, 1, 1);
          painter.fillStyle = '#000';
          painter.fillStyle = text;
          painter.fillRect(0, 0, 1, 1);
          const [red, green, blue, alpha] = painter.getImageData(0, 0, 1, 1).data;
          return [red, green, blue, alpha / 255];
        };
        // A colour with alpha drawn over an opaque one.
        const over = (top, bottom) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
        // The opaque colour behind an element's text, or null when an image or gradient is in the way.
        const backgroundOf = (element) => {
          const layers = [];
          let opacity = 1;
          for (let node = element; node; node = node.parentElement) {
            const style = getComputedStyle(node);
            if (style.backgroundImage !== 'none') return null;
            const color = parseColor(style.backgroundColor);
            if (color[3] > 0) layers.push(color);
            if (color[3] >= 1) break;
            opacity *= Number(style.opacity);
          }
          let result = [255, 255, 255, 1]; // the page's root is white
          for (const layer of layers.reverse()) result = over(layer, result);
          return { color: result, opacity };
        };
        // WCAG 2 relative luminance of an sRGB colour.
        const luminance = (color) => {
          const linear = (value) => {
            const channel = value / 255;
            return channel <= 0.04045 ? channel / 12.92 : Math.pow((channel + 0.055) / 1.055, 2.4);
          };
          return 0.2126 * linear(color[0]) + 0.7152 * linear(color[1]) + 0.0722 * linear(color[2]);
        };
        const contrast = (first, second) => {
          const [lighter, darker] = [luminance(first), luminance(second)].sort((a, b) => b - a);
          return (lighter + 0.05) / (darker + 0.05);
        };
        const hex = (color) => '#' + color.slice(0, 3).map((value) => Math.round(value).toString(16).padStart(2, '0')).join('');
        const valueShown = (element) => (element.tagName === 'TEXTAREA' || element.tagName === 'SELECT'
          || (element.tagName === 'INPUT' && !['checkbox', 'radio', 'range', 'color', 'file', 'hidden', 'image'].includes(element.type)))
          && element.value;
        for (const element of document.body ? document.body.querySelectorAll('*') : []) {
          if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'OPTION'].includes(element.tagName)) continue;
          const ownText = Array.from(element.childNodes).some((node) => node.nodeType === Node.TEXT_NODE && node.textContent.trim());
          if (!(ownText || valueShown(element)) || !rendered(element)) continue;
          // Inactive controls are exempt; one-pixel boxes are text meant only for screen readers.
          if (element.disabled || element.closest('fieldset[disabled]')) continue;
          const box = element.getBoundingClientRect();
          if (box.width <= 1 || box.height <= 1) continue;
          const background = backgroundOf(element);
          if (!background) continue;
          const style = getComputedStyle(element);
          const ink = parseColor(style.color);
          ink[3] *= background.opacity; // see-through text shows its background
          const shown = over(ink, background.color);
          const size = parseFloat(style.fontSize);
          const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
          const needed = large ? 3 : 4.5;
          const ratio = contrast(shown, background.color);
          if (ratio < needed) {
            report(describe(element) + ' has text contrast ' + (Math.floor(ratio * 100) / 100) + ':1 (' + hex(shown) + ' on '
              + hex(background.color) + '); ' + (large ? 'large ' : '') + 'text needs at least ' + needed + ':1');
          }
        }

        // Readable on a phone: no text under 12 px as drawn, and none cut off by its box.
        for (const element of document.body ? document.body.querySelectorAll('*') : []) {
          if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'OPTION', 'TITLE', 'DESC'].includes(element.tagName.toUpperCase())) continue;
          const ownText = Array.from(element.childNodes).some((node) => node.nodeType === Node.TEXT_NODE && node.textContent.trim());
          if (!ownText || !rendered(element)) continue;
          const box = element.getBoundingClientRect();
          if (box.width <= 1 || box.height <= 1) continue;
          const style = getComputedStyle(element);
          let size = parseFloat(style.fontSize);
          if (element instanceof SVGGraphicsElement) {
            const matrix = element.getScreenCTM();
            if (matrix) size *= Math.hypot(matrix.a, matrix.b);
          }
          if (size < 11.95) {
            report(describe(element) + ' has text drawn at ' + (Math.round(size * 10) / 10) + 'px; text must be at least 12px');
          }
          // A drawing clips what runs past its edge: "150.00 USD" losing its last letter.
          const drawing = element instanceof SVGElement ? element.ownerSVGElement : null;
          if (drawing) {
            const edge = drawing.getBoundingClientRect();
            if (box.right > edge.right + 1 || box.left < edge.left - 1) {
              report(describe(element) + ' runs past the edge of its drawing, so part of its text is cut off');
            }
          }
          const hides = (value) => value === 'hidden' || value === 'clip';
          if (!(element instanceof SVGElement) && hides(style.overflowX) && element.scrollWidth > element.clientWidth + 1) {
            report(describe(element) + ' cuts off its text: ' + element.scrollWidth + 'px of content in a '
              + element.clientWidth + 'px box');
          }
        }

        // Reflow (WCAG 2, 1.4.10): nothing makes the page wider than the window, so it never scrolls sideways.
        const width = document.documentElement.clientWidth;
        if (document.documentElement.scrollWidth > width + 1) {
          const overflowing = Array.from(document.body.querySelectorAll('*')).filter((element) =>
            rendered(element) && element.getBoundingClientRect().right > width + 1
              && !Array.from(element.children).some((child) => child.getBoundingClientRect().right > width + 1));
          report('the page is ' + document.documentElement.scrollWidth + 'px wide in a ' + width + 'px window, so it scrolls sideways; '
            + 'too wide: ' + overflowing.slice(0, 3).map(describe).join(', '));
        }

        // What leads the page is on its first screen: an element the page marks `data-leads` (the
        // inbox's conversations, Today's urgent list) starts above the fold, not under filters or menus.
        for (const element of document.querySelectorAll('[data-leads]')) {
          if (!rendered(element)) continue;
          const top = element.getBoundingClientRect().top + window.scrollY;
          if (top > window.innerHeight - 48) {
            report(describe(element) + ' leads the page but starts ' + Math.round(top) + 'px down, below the first screen ('
              + window.innerHeight + 'px high)');
          }
        }

        // Keyboard: the page's order is the reading order, and every visible control can be reached.
        for (const element of document.querySelectorAll('[tabindex]')) {
          const index = parseInt(element.getAttribute('tabindex'), 10);
          if (index > 0) report(describe(element) + ' has tabindex="' + index + '", which changes the keyboard order of the page');
        }
        for (const control of document.querySelectorAll('input, select, textarea, button, a[href]')) {
          if (control.type === 'hidden' || control.disabled || !exposed(control)) continue;
          if (parseInt(control.getAttribute('tabindex'), 10) < 0) report(describe(control) + ' cannot be reached with the keyboard (tabindex="-1")');
        }
        return problems;
        """#
}
