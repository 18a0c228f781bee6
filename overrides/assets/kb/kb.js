/* Kestrel help center: the home page's search box hands the query to the site
   search (Material's), which searches this language's index only. */
(function () {
  "use strict";
  var form = document.querySelector("[data-kb='home-search']");
  if (!form) return;
  var input = form.querySelector("input");

  function openSearch(text) {
    var toggle = document.getElementById("__search");
    var query = document.querySelector(".md-search__input");
    if (!toggle || !query) return;
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    query.focus();
    if (typeof text === "string" && text.length) {
      query.value = text;
      query.dispatchEvent(new Event("input", { bubbles: true }));
      query.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true, key: text.slice(-1) }));
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    openSearch(input.value);
  });
  input.addEventListener("input", function () {
    var text = input.value;
    input.value = "";
    openSearch(text);
  });
})();

/* "Was this page helpful?": the vote is kept in this browser (localStorage); when the
   site owner configures extra.kb.feedback_endpoint it is also sent there. */
(function () {
  "use strict";
  var widget = document.querySelector("[data-kb='helpful']");
  if (!widget) return;
  var key = "kb-helpful:" + widget.getAttribute("data-kb-page");
  var endpoint = widget.getAttribute("data-kb-endpoint");

  function show(step) {
    widget.querySelectorAll("[data-kb-step]").forEach(function (part) {
      part.hidden = part.getAttribute("data-kb-step") !== step;
    });
    var shown = widget.querySelector("[data-kb-step='" + step + "']");
    var focusable = shown && shown.querySelector("input, button, a");
    if (focusable && step === "reasons") focusable.focus();
  }

  function record(vote, reason) {
    var entry = { vote: vote, reason: reason || null, lang: document.documentElement.lang };
    try { localStorage.setItem(key, JSON.stringify(entry)); } catch (error) { /* private mode */ }
    if (endpoint && navigator.sendBeacon) {
      navigator.sendBeacon(endpoint, JSON.stringify(Object.assign({ page: widget.getAttribute("data-kb-page") }, entry)));
    }
  }

  widget.hidden = false;
  widget.querySelectorAll("[data-kb-vote]").forEach(function (button) {
    button.addEventListener("click", function () {
      if (button.getAttribute("data-kb-vote") === "yes") {
        record("yes");
        widget.setAttribute("data-kb-result", "helpful");
        show("thanks");
      } else {
        widget.setAttribute("data-kb-result", "not-helpful");
        show("reasons");
      }
    });
  });
  widget.querySelector("[data-kb-step='reasons']").addEventListener("submit", function (event) {
    event.preventDefault();
    var chosen = widget.querySelector("input[name='reason']:checked");
    record("no", chosen ? chosen.value : null);
    widget.setAttribute("data-kb-reason", chosen ? chosen.value : "");
    show("help");
  });
})();
