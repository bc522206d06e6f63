/* 惠企 web UI: light progressive enhancement. Every page works without this file. */
(function () {
  "use strict";
  var DRAFT_KEY = "huiqi.checkup.draft.v1";
  var CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  var WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

  /* GB 32100-2015: the 18th character is 31 − (Σ value·weight mod 31), 31 written as 0. */
  function creditCodeError(raw) {
    var code = raw.replace(/\s+/g, "").toUpperCase();
    if (!code) return "";
    if (code.length !== 18) return "统一社会信用代码应为 18 位，现为 " + code.length + " 位";
    var bad = [];
    for (var i = 0; i < code.length; i++) if (CHARSET.indexOf(code[i]) < 0 && bad.indexOf(code[i]) < 0) bad.push(code[i]);
    if (bad.length) return "统一社会信用代码含有不允许的字符：" + bad.join("、") + "（不使用 I、O、S、V、Z）";
    var sum = 0;
    for (var j = 0; j < 17; j++) sum += CHARSET.indexOf(code[j]) * WEIGHTS[j];
    var expected = CHARSET[(31 - (sum % 31)) % 31];
    if (code[17] !== expected) return "统一社会信用代码校验位错误：第 18 位应为 " + expected + "，实为 " + code[17];
    return "";
  }
  window.huiqiCreditCodeError = creditCodeError;

  function setFieldError(input, message) {
    var box = input.closest(".field");
    var out = document.getElementById(input.id + "-err");
    if (!box || !out) return;
    box.classList.toggle("has-error", !!message);
    out.textContent = message ? "⚠ " + message : "";
    if (message) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
  }

  function initMenu() {
    var btn = document.querySelector(".menu-btn");
    var nav = document.getElementById("nav");
    if (!btn || !nav) return;
    btn.addEventListener("click", function () {
      var open = nav.classList.toggle("open");
      btn.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  function initCheckup() {
    var form = document.getElementById("checkup-form");
    if (!form) return;
    var status = document.getElementById("draft-status");
    var steps = Array.prototype.slice.call(form.querySelectorAll("fieldset.step"));
    var links = Array.prototype.slice.call(form.querySelectorAll("[data-step-link]"));
    var current = 0;

    function show(index, focus) {
      current = Math.max(0, Math.min(steps.length - 1, index));
      steps.forEach(function (s, i) { s.hidden = i !== current; });
      links.forEach(function (l, i) {
        l.classList.toggle("current", i === current);
        if (i === current) l.setAttribute("aria-current", "step"); else l.removeAttribute("aria-current");
      });
      if (focus) { var first = steps[current].querySelector("input, select"); if (first) first.focus(); }
    }
    form.classList.add("wizard");
    links.forEach(function (l, i) {
      l.tabIndex = 0;
      l.setAttribute("role", "button");
      l.addEventListener("click", function () { show(i, true); });
      l.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); show(i, true); } });
    });
    form.querySelectorAll("[data-next]").forEach(function (b) { b.addEventListener("click", function () { show(current + 1, true); window.scrollTo(0, form.offsetTop); }); });
    form.querySelectorAll("[data-prev]").forEach(function (b) { b.addEventListener("click", function () { show(current - 1, true); window.scrollTo(0, form.offsetTop); }); });
    var firstError = form.querySelector(".has-error");
    var errorStep = firstError ? steps.indexOf(firstError.closest("fieldset.step")) : 0;
    show(errorStep < 0 ? 0 : errorStep, false);
    var summary = document.getElementById("form-errors");
    if (summary) {
      summary.focus();
      summary.querySelectorAll("a[href^='#']").forEach(function (a) {
        a.addEventListener("click", function (e) {
          var target = document.getElementById(a.getAttribute("href").slice(1));
          if (!target) return;
          e.preventDefault();
          show(steps.indexOf(target.closest("fieldset.step")), false);
          target.focus();
        });
      });
    }

    /* drafts: kept in this browser only */
    function collect() {
      var data = {};
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name && el.name !== "csrf_token" && el.type !== "hidden" && el.value !== "") data[el.name] = el.value;
      });
      return data;
    }
    function save() {
      try { localStorage.setItem(DRAFT_KEY, JSON.stringify(collect())); if (status) status.textContent = "草稿已自动保存在本浏览器。"; } catch (e) { /* private mode */ }
    }
    function restore() {
      var raw; try { raw = localStorage.getItem(DRAFT_KEY); } catch (e) { return; }
      if (!raw) return;
      var data; try { data = JSON.parse(raw); } catch (e) { return; }
      Object.keys(data).forEach(function (name) {
        var el = form.elements.namedItem(name);
        if (el && el.type !== "hidden") el.value = data[name];
      });
      if (status) status.textContent = "已恢复上次未提交的草稿。";
    }
    if (form.getAttribute("data-restore") === "1") restore(); else save();
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    var clear = document.getElementById("clear-draft");
    if (clear) clear.addEventListener("click", function () {
      try { localStorage.removeItem(DRAFT_KEY); } catch (e) { /* ignore */ }
      window.location.href = "/";
    });

    /* the credit code, checked as it is typed */
    form.querySelectorAll("[data-credit-code]").forEach(function (input) {
      input.addEventListener("input", function () {
        var code = input.value.replace(/\s+/g, "");
        setFieldError(input, code.length >= 18 ? creditCodeError(code) : (/[IOSVZ]/i.test(code) ? creditCodeError(code + "000000000000000000".slice(code.length)) : ""));
      });
      input.addEventListener("blur", function () { setFieldError(input, creditCodeError(input.value)); });
    });

    /* financial years follow the assessment date */
    var asOf = form.elements.namedItem("as_of");
    function years() {
      var y = parseInt((asOf.value || "").slice(0, 4), 10);
      if (!y) return;
      form.querySelectorAll("[data-year-of]").forEach(function (s) { s.textContent = String(y - parseInt(s.getAttribute("data-year-of"), 10)); });
    }
    if (asOf) { asOf.addEventListener("change", years); years(); }
  }

  function initPrint() {
    document.querySelectorAll("[data-print]").forEach(function (b) { b.addEventListener("click", function () { window.print(); }); });
    /* the details of the result open on demand; a link to one opens it, printing opens them all */
    function openTarget() {
      var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
      var box = target && (target.querySelector("details") || target.closest("details"));
      if (box) box.open = true;
    }
    window.addEventListener("hashchange", openTarget);
    openTarget();
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll("details").forEach(function (d) { d.open = true; });
    });
  }

  function initPoll() {
    var box = document.querySelector("[data-poll]");
    if (!box) return;
    var url = box.getAttribute("data-poll");
    var bar = box.querySelector("progress");
    var text = box.querySelector(".progress-text");
    function tick() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (job) {
          var pct = Math.round((job.progress || 0) * 100);
          if (bar) bar.value = job.progress || 0;
          if (text) text.textContent = pct + "%";
          if (job.status === "done" || job.status === "failed") { window.location.reload(); return; }
          setTimeout(tick, 700);
        })
        .catch(function () { setTimeout(tick, 2000); });
    }
    setTimeout(tick, 400);
  }

  document.addEventListener("DOMContentLoaded", function () {
    initMenu(); initCheckup(); initPrint(); initPoll();
  });
})();
