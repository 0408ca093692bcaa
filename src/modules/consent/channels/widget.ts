// The embeddable widget: one <script> tag defines <greenlight-opt-in business="slug">, a web component in a shadow DOM.

/**
 * Served at /widget.js. It fetches the business's form model from the platform that served the script, checks the
 * number as it is typed (GET /v1/public/phone-check) and posts the form without a CORS preflight (form encoding).
 * Usage: <script src="https://greenlight.example.com/widget.js" defer></script>
 *        <greenlight-opt-in business="acme-coffee" lang="nl"></greenlight-opt-in>
 */
export const widgetScript = `// Greenlight opt-in widget
(function () {
  var script = document.currentScript;
  var base = script ? new URL(script.src).origin : location.origin;
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text) e.textContent = text;
    return e;
  }
  class GreenlightOptIn extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) return;
      var root = this.attachShadow({ mode: 'open' });
      var business = encodeURIComponent(this.getAttribute('business') || '');
      var lang = encodeURIComponent(this.getAttribute('lang') || navigator.language || 'en');
      fetch(base + '/o/' + business + '/form.json?lang=' + lang)
        .then(function (r) { if (!r.ok) throw new Error('form ' + r.status); return r.json(); })
        .then(function (m) { render(root, m, business); })
        .catch(function () { root.appendChild(el('p', {}, 'The sign-up form is not available right now.')); });
    }
  }
  function render(root, m, business) {
    var style = el('style', {}, 'form{font:inherit}label{display:block;margin:.3rem 0}.bad{color:#b00020}.good{color:#1b7f3b}.wa{font-weight:600;color:#128c4b}');
    var form = el('form', {});
    form.appendChild(el('strong', {}, m.business.name));
    var pl = el('label', {}, m.texts.phone);
    var phone = el('input', { type: 'tel', name: 'phone', required: '', autocomplete: 'tel' });
    pl.appendChild(phone);
    form.appendChild(pl);
    var hint = el('div', { 'aria-live': 'polite' }, m.texts.phoneHint);
    form.appendChild(hint);
    var fs = el('fieldset', {});
    fs.appendChild(el('legend', {}, m.texts.topics));
    m.categories.forEach(function (c) {
      var l = el('label', {});
      l.appendChild(el('input', { type: 'checkbox', name: 'categories', value: c.name }));
      l.appendChild(document.createTextNode(' ' + c.label));
      fs.appendChild(l);
    });
    form.appendChild(fs);
    var cl = el('label', {});
    cl.appendChild(el('input', { type: 'checkbox', name: 'consent', value: 'yes', required: '' }));
    cl.appendChild(el('span', { class: 'wa' }, ' WhatsApp'));
    cl.appendChild(document.createTextNode(' · ' + m.sentence));
    form.appendChild(cl);
    var p = el('p', {});
    p.appendChild(el('a', { href: m.privacyUrl, target: '_blank', rel: 'noopener' }, m.texts.privacy));
    form.appendChild(p);
    form.appendChild(el('input', { type: 'hidden', name: 'lang', value: m.language }));
    form.appendChild(el('input', { type: 'hidden', name: 'source', value: 'website' }));
    form.appendChild(el('button', { type: 'submit' }, m.texts.submit));
    var out = el('p', { 'aria-live': 'polite' });
    form.appendChild(out);
    var timer;
    phone.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        fetch(base + '/v1/public/phone-check?number=' + encodeURIComponent(phone.value))
          .then(function (r) { return r.json(); })
          .then(function (v) {
            hint.className = v.valid ? 'good' : 'bad';
            hint.textContent = v.valid ? m.texts.validPhone + ' ' + v.international : m.texts.invalidPhone;
            phone.setCustomValidity(v.valid ? '' : m.texts.invalidPhone);
          });
      }, 250);
    });
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var body = new URLSearchParams(new FormData(form));
      fetch(base + '/o/' + business, { method: 'POST', body: body, headers: { accept: 'application/json' } })
        .then(function (r) { return r.json(); })
        .then(function (v) {
          out.textContent = v.message || (v.error && v.error.message) || '';
          if (v.confirmLink) { var a = el('a', { href: v.confirmLink }, v.confirmLink); out.appendChild(el('br')); out.appendChild(a); }
        });
    });
    root.appendChild(style);
    root.appendChild(form);
  }
  if (!customElements.get('greenlight-opt-in')) customElements.define('greenlight-opt-in', GreenlightOptIn);
})();
`;
