// Watchword console: progressive enhancement only. Every form works
// without this file; it adds the live password checklist, strength meter
// and confirmation check, and nothing else.
(function () {
  "use strict";

  function enhancePasswordForm(form) {
    var url = form.getAttribute("data-password-check");
    var input = form.querySelector("[data-password-new]");
    var confirm = form.querySelector("[data-password-confirm]");
    var status = form.querySelector("[data-confirm-status]");
    var scope = form.parentNode;
    var list = scope.querySelector("[data-rules]");
    var meter = scope.querySelector("[data-strength]");
    var label = scope.querySelector("[data-strength-label]");
    var labels = label ? label.getAttribute("data-labels").split("|") : [];
    var csrf = form.querySelector("input[name=csrf_token]");
    // The reset page checks for the user its link's token belongs to.
    var token = form.querySelector("input[name=token]");
    var timer = null;
    var seq = 0;
    if (!input) { return; }

    function setRule(rule) {
      var li = list && list.querySelector('[data-rule="' + rule.id + '"]');
      if (!li) {
        if (!list) { return; }
        li = document.createElement("li");
        li.setAttribute("data-rule", rule.id);
        list.appendChild(li);
      }
      li.textContent = rule.message;
      li.className = "rule " + (rule.passed ? "pass" : (rule.warn ? "warn" : "fail"));
    }

    function reset() {
      if (list) {
        Array.prototype.forEach.call(list.querySelectorAll("li"), function (li) { li.className = "rule"; });
      }
      if (meter) { meter.value = 0; }
      if (label) { label.textContent = ""; }
    }

    function check() {
      var value = input.value;
      var mine = ++seq;
      if (value === "" || !url) { reset(); return; }
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf ? csrf.value : "" },
        body: JSON.stringify(token ? { password: value, token: token.value } : { password: value })
      }).then(function (res) {
        return res.ok ? res.json() : null;
      }).then(function (out) {
        if (!out || mine !== seq) { return; }
        (out.rules || []).forEach(setRule);
        if (meter) { meter.value = out.strength; }
        if (label) { label.textContent = labels[out.strength] || ""; }
      }).catch(function () { /* the server still checks on submit */ });
    }

    function checkConfirm() {
      if (!confirm || !status) { return; }
      if (confirm.value === "") { status.hidden = true; return; }
      var same = confirm.value === input.value;
      status.hidden = false;
      status.textContent = status.getAttribute(same ? "data-match" : "data-mismatch");
      status.className = "hint " + (same ? "confirm-ok" : "confirm-bad");
      confirm.setCustomValidity(same ? "" : status.getAttribute("data-mismatch"));
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(check, 250);
      checkConfirm();
    });
    if (confirm) { confirm.addEventListener("input", checkConfirm); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-password-check]"), enhancePasswordForm);
  });
})();
