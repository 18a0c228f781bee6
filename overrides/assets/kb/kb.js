/* Readers' feedback to the team's collector (kb feedback serve), only when the site's operator
   set extra.kb.feedback_endpoint: the build then puts #kb-feedback (endpoint, page, language) in
   the page. One JSON object per beacon, sent with keepalive so it survives leaving the page, without
   cookies or referrer; any failure is ignored, and nothing waits for the answer. */
var kbFeedback = (function () {
  "use strict";
  var settings = null;
  try { settings = JSON.parse(document.getElementById("kb-feedback").textContent); } catch (error) { /* off */ }
  return function send(beacon) {
    if (!settings || !settings.endpoint || typeof fetch !== "function") return;
    try {
      var body = JSON.stringify(Object.assign({ kind: beacon.kind, lang: settings.lang, page: settings.page }, beacon));
      fetch(settings.endpoint, { method: "POST", body: body, keepalive: true, mode: "cors", credentials: "omit",
                                 cache: "no-store", referrerPolicy: "no-referrer",
                                 headers: { "Content-Type": "text/plain;charset=UTF-8" } })
        .catch(function () { /* the collector is down or refused it: the page goes on */ });
    } catch (error) { /* a browser without keepalive or CORS: the page goes on */ }
  };
})();

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
   site's operator set extra.kb.feedback_endpoint it is also sent there (kbFeedback). */
(function () {
  "use strict";
  var widget = document.querySelector("[data-kb='helpful']");
  if (!widget) return;
  var key = "kb-helpful:" + widget.getAttribute("data-kb-page");

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
    kbFeedback({ kind: "vote", vote: vote, reason: reason || null });
  }

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

/* Checkers: return window, warranty coverage and "is support open now?". Every figure
   comes from the facts the build put in data attributes; every word from the
   language's strings table. Dates are calendar dates (no time of day). */
(function () {
  "use strict";

  function messages(widget) { return JSON.parse(widget.getAttribute("data-kb-messages")); }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) { return key in values ? values[key] : match; });
  }
  function locale(widget) {
    var lang = (widget.closest("[lang]") || document.documentElement).getAttribute("lang") || "en";
    return lang === "ar" ? "ar-u-nu-latn" : lang;  /* digits as in the rest of the page */
  }
  function parseDate(value) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value || "");
    return match ? new Date(Date.UTC(+match[1], +match[2] - 1, +match[3])) : null;
  }
  function today() {
    var now = new Date();
    return new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()));
  }
  function addDays(date, days) {
    var result = new Date(date.getTime());
    result.setUTCDate(result.getUTCDate() + days);
    return result;
  }
  function addMonths(date, months) {
    var day = date.getUTCDate();
    var result = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
    var last = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
    result.setUTCDate(Math.min(day, last));
    return result;
  }
  function formatDate(date, widget) {
    return new Intl.DateTimeFormat(locale(widget), { dateStyle: "long", timeZone: "UTC" }).format(date);
  }
  function show(widget, text, result) {
    widget.querySelector(".kb-widget__result").textContent = text;
    if (result) widget.setAttribute("data-kb-result", result);
    else widget.removeAttribute("data-kb-result");
  }
  /* The purchase date, or a message why there is none to use. */
  function purchaseDate(widget, text) {
    var date = parseDate(widget.querySelector("input[type='date']").value);
    if (!date) return { error: text.missing };
    if (date > today()) return { error: text.future };
    return { date: date };
  }

  document.querySelectorAll("[data-kb='return-checker']").forEach(function (widget) {
    var text = messages(widget);
    var windowDays = Number(widget.getAttribute("data-kb-window-days"));
    widget.addEventListener("submit", function (event) {
      event.preventDefault();
      var input = purchaseDate(widget, text);
      if (input.error) return show(widget, input.error, null);
      var lastDay = addDays(input.date, windowDays);
      var open = today() <= lastDay;
      show(widget, fill(open ? text.eligible : text.expired, { date: formatDate(lastDay, widget) }),
           open ? "eligible" : "expired");
    });
  });

  /* A model number or name as customers type it, reduced as kb.models.fold reduces the known
     spellings: NFKC (full-width ＫＰ－３１０), lower case, no spaces, hyphens or dots. */
  function foldModel(value) {
    return value.normalize("NFKC").toLowerCase().replace(/[\s\-\u2010-\u2015\u2212_.\u00b7\u30fb]+/g, "");
  }

  document.querySelectorAll("[data-kb='model-finder']").forEach(function (widget) {
    var text = messages(widget);
    var spellings = JSON.parse(widget.getAttribute("data-kb-spellings"));
    var models = JSON.parse(widget.getAttribute("data-kb-models"));
    var input = widget.querySelector("input");
    var result = widget.querySelector(".kb-widget__result");
    widget.addEventListener("submit", function (event) {
      event.preventDefault();
      var typed = foldModel(input.value).replace(/^kestrel/, "");
      if (!typed) return show(widget, text.missing, null);
      var key = Object.prototype.hasOwnProperty.call(spellings, typed) ? spellings[typed] : null;
      if (!key) return show(widget, text.none, "none");
      var model = models[key];
      var link = document.createElement("a");
      link.href = model.url;
      link.textContent = fill(text.found, { name: model.name, number: model.number });
      result.textContent = "";
      result.appendChild(link);
      widget.setAttribute("data-kb-result", model.number);
    });
  });

  document.querySelectorAll("[data-kb='coverage-checker']").forEach(function (widget) {
    var text = messages(widget);
    var facts = JSON.parse(widget.getAttribute("data-kb-facts"));
    widget.addEventListener("submit", function (event) {
      event.preventDefault();
      var input = purchaseDate(widget, text);
      if (input.error) return show(widget, input.error, null);
      var care = widget.querySelector("input[name='care']").checked;
      var months = facts.warranty_months[widget.querySelector("select").value] + (care ? 12 * facts.care_extra_years : 0);
      var lastDay = addDays(addMonths(input.date, months), -1);
      var covered = today() <= lastDay;
      var values = { date: formatDate(lastDay, widget), plan: care ? text["plan.care"] : text["plan.warranty"] };
      show(widget, fill(covered ? text.covered : text.expired, values), covered ? "covered" : "expired");
    });
  });

  var DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
  /* Opening hours per weekday (0 = Monday) in minutes: [open, close] or null. */
  function weekly(table) {
    var days = [null, null, null, null, null, null, null];
    Object.keys(table).forEach(function (span) {
      var range = span.split("-"), first = DAYS.indexOf(range[0]), last = DAYS.indexOf(range[1] || range[0]);
      var hours = table[span].split("-").map(function (t) { var p = t.split(":"); return 60 * p[0] + +p[1]; });
      for (var day = first; day <= last; day++) days[day] = hours;
    });
    return days;
  }
  /* Weekday (0 = Monday) and minute of the day, now, in a time zone. */
  function clock(timeZone) {
    var parts = {};
    new Intl.DateTimeFormat("en-US", { timeZone: timeZone, weekday: "short", hour: "2-digit", minute: "2-digit",
                                       hourCycle: "h23" }).formatToParts(new Date())
      .forEach(function (part) { parts[part.type] = part.value; });
    return { day: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(parts.weekday),
             minute: 60 * Number(parts.hour) + Number(parts.minute) };
  }
  function formatTime(minutes, widget) {
    var date = new Date(Date.UTC(2024, 0, 1, Math.floor(minutes / 60), minutes % 60));
    return new Intl.DateTimeFormat(locale(widget), { hour: "numeric", minute: "2-digit", timeZone: "UTC" }).format(date);
  }
  function weekdayName(day, widget) {  /* 2024-01-01 was a Monday */
    return new Intl.DateTimeFormat(locale(widget), { weekday: "long", timeZone: "UTC" })
      .format(new Date(Date.UTC(2024, 0, 1 + day)));
  }
  function channelState(table, region, text, widget) {
    var days = weekly(table), now = clock(region.timezone), today = days[now.day];
    if (today && today[0] <= now.minute && now.minute < today[1]) {
      if (today[0] === 0 && today[1] === 1440) return { open: true, text: text.open_all_day };
      return { open: true, text: fill(text.open, { time: formatTime(today[1] % 1440, widget), zone: region.zone }) };
    }
    for (var offset = 0; offset < 8; offset++) {
      var day = (now.day + offset) % 7, hours = days[day];
      if (hours && (offset > 0 || now.minute < hours[0])) {
        return { open: false, text: fill(text.closed, { day: weekdayName(day, widget),
                                                         time: formatTime(hours[0], widget), zone: region.zone }) };
      }
    }
    return { open: false, text: "" };
  }

  document.querySelectorAll("[data-kb='contact-status']").forEach(function (widget) {
    var text = messages(widget);
    var regions = JSON.parse(widget.getAttribute("data-kb-regions"));
    var select = widget.querySelector("select");
    function update() {
      var region = regions[select.value];
      ["phone", "chat"].forEach(function (channel) {
        var state = channelState(region[channel + "_hours"], region, text, widget);
        var item = widget.querySelector("[data-kb-channel='" + channel + "']");
        item.setAttribute("data-kb-open", state.open ? "true" : "false");
        item.querySelector(".kb-widget__state").textContent = state.text;
        if (channel === "phone") widget.setAttribute("data-kb-result", state.open ? "open" : "closed");
      });
    }
    select.addEventListener("change", update);
    update();
  });
})();

/* Guided troubleshooter: the build renders the tree as nested lists and its first
   step; here it becomes one question at a time, with Yes / No and Start over, ending in a fix or in
   contact details (data-kb-result = fix or contact). */
(function () {
  "use strict";
  document.querySelectorAll("[data-kb='troubleshooter']").forEach(function (widget) {
    var tree = widget.querySelector(".kb-tree");
    var start = tree.querySelector(":scope > li");
    var stage = widget.querySelector(".kb-tree__stage");  /* the first step, drawn by the build */

    function child(node, answer) {
      return node.querySelector(":scope > ul > li[data-kb-answer='" + answer + "'] > ul > li");
    }
    function button(label, onClick, primary) {
      var element = document.createElement("button");
      element.type = "button";
      element.className = "md-button" + (primary ? " md-button--primary" : "");
      element.textContent = label;
      element.addEventListener("click", onClick);
      return element;
    }
    function show(node, focus) {
      stage.textContent = "";
      var kind = node.getAttribute("data-kb-kind");
      var text = node.querySelector(":scope > .kb-tree__text").cloneNode(true);
      text.setAttribute("tabindex", "-1");
      stage.appendChild(text);
      stage.setAttribute("data-kb-node", node.getAttribute("data-kb-node"));
      if (kind === "question") {
        widget.removeAttribute("data-kb-result");
        var answers = document.createElement("div");
        answers.className = "kb-tree__answers";
        ["yes", "no"].forEach(function (answer) {
          var label = node.querySelector(":scope > ul > li[data-kb-answer='" + answer + "'] > .kb-tree__answer").textContent;
          var choice = button(label, function () { show(child(node, answer), true); }, answer === "yes");
          choice.setAttribute("data-kb-answer", answer);
          answers.appendChild(choice);
        });
        stage.appendChild(answers);
      } else {
        Array.prototype.slice.call(node.children, 1).forEach(function (part) { stage.appendChild(part.cloneNode(true)); });
        widget.setAttribute("data-kb-result", kind);
      }
      if (node !== start) {
        var again = button(widget.getAttribute("data-kb-restart"), function () { show(start, true); }, false);
        again.classList.add("kb-tree__restart");
        stage.appendChild(again);
      }
      if (focus) text.focus();
    }
    tree.hidden = true;
    show(start, false);
  });
})();

/* Request router: classify a problem described in the reader's own words (words
   per type from data/router.yml), suggest articles from this language's search
   index, and point to where the request starts and what to prepare. */
(function () {
  "use strict";
  function normalize(text) {
    return text.toLowerCase().normalize("NFD")
      .replace(/[\u0300-\u036f\u064b-\u065f\u0670\u0640\u200b]/g, "");  /* accents, Arabic marks, segment marks */
  }
  /* Articles for a description, from the site's own search (the worker behind Material's
     search box, answering from this language's index): the same analysis, synonyms and ranking. */
  function searcher(indexUrl) {
    var config = JSON.parse(document.getElementById("__config").textContent);
    var worker = new Worker(new URL(config.search, location.href));
    var pending = null;
    worker.onmessage = function (event) {
      if (event.data.type === 3 && pending) { pending(event.data.data.items); pending = null; }
    };
    var ready = fetch(indexUrl).then(function (r) { return r.json(); }).then(function (data) {
      worker.postMessage({ type: 0, data: { config: data.config, docs: data.docs, options: {} } });
    });
    return function (query) {
      return ready.then(function () {
        return new Promise(function (resolve) {
          pending = resolve;
          worker.postMessage({ type: 2, data: query + " " });
        });
      });
    };
  }
  function element(tag, text, attributes) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    return node;
  }

  document.querySelectorAll("[data-kb='router']").forEach(function (widget) {
    var text = JSON.parse(widget.getAttribute("data-kb-messages"));
    var types = JSON.parse(widget.getAttribute("data-kb-types"));
    var indexUrl = new URL(widget.getAttribute("data-kb-index"), location.href);
    var root = new URL(".", new URL("../", indexUrl));  /* the language root, base of index locations */
    var search = null;
    widget.addEventListener("submit", function (event) {
      event.preventDefault();
      var product = widget.querySelector("select");
      var description = widget.querySelector("textarea").value + " " + product.options[product.selectedIndex].text;
      var normalized = normalize(description), best = null, bestScore = 0, matched = [];
      Object.keys(types).forEach(function (name) {
        var score = 0;
        types[name].words.forEach(function (word) {
          if (normalized.indexOf(normalize(word)) >= 0) { score += 1; matched.push(normalize(word)); }
        });
        if (score > bestScore) { best = name; bestScore = score; }
      });
      var result = widget.querySelector(".kb-widget__result");
      result.textContent = "";
      if (!best) {
        result.appendChild(element("p", text.none));
        widget.setAttribute("data-kb-result", "none");
        var described = widget.querySelector("textarea").value.trim();
        if (described) kbFeedback({ kind: "router", text: described.slice(0, 1000) });
        return;
      }
      var type = types[best];
      var start = element("p", text.result.replace("{type}", type.label) + " ");
      start.appendChild(element("a", type.label, { href: type.url, "data-kb-route": best }));
      result.appendChild(start);
      result.appendChild(element("p", widget.getAttribute("data-kb-prepare")));
      var prepare = element("ul");
      type.prepare.forEach(function (item) { prepare.appendChild(element("li", item)); });
      result.appendChild(prepare);
      widget.setAttribute("data-kb-result", best);
      search = search || searcher(indexUrl);
      search(widget.querySelector("textarea").value + " " + matched.join(" ")).then(function (items) {
        var found = items.filter(function (item) { return item[0].location; }).slice(0, 3);  /* articles, not the home page */
        if (!found.length) return;
        result.appendChild(element("p", text.articles));
        var list = element("ul", null, { "data-kb-articles": "" });
        found.forEach(function (item) {
          var entry = element("li");
          entry.appendChild(element("a", item[0].kbTitle, { href: new URL(item[0].location, root).href }));
          list.appendChild(entry);
        });
        result.appendChild(list);
      });
    });
  });

  /* A search that finds nothing offers the router. */
  var offer = document.querySelector("[data-kb='router-link']");
  var meta = document.querySelector(".md-search-result__meta");
  if (!offer || !meta) return;
  var none = JSON.parse(document.getElementById("__config").textContent).translations["search.result.none"];
  new MutationObserver(function () {
    var existing = meta.parentNode.querySelector(".kb-search-router");
    if (meta.textContent.trim() === none && !existing) {
      var link = offer.cloneNode(true);
      link.hidden = false;
      link.classList.add("kb-search-router");
      meta.insertAdjacentElement("afterend", link);
    } else if (meta.textContent.trim() !== none && existing) {
      existing.remove();
    }
  }).observe(meta, { childList: true, characterData: true, subtree: true });
})();

/* A search that found nothing tells the writers what readers looked for (kbFeedback): once the
   reader has stopped typing for a moment with "no results" shown, each query once per page. */
(function () {
  "use strict";
  var meta = document.querySelector(".md-search-result__meta");
  var input = document.querySelector(".md-search__input");
  if (!meta || !input || !document.getElementById("kb-feedback")) return;
  var none = JSON.parse(document.getElementById("__config").textContent).translations["search.result.none"];
  var sent = {}, timer = null;
  function unanswered() {
    timer = null;
    var query = input.value.trim().replace(/\s+/g, " ");
    if (!query || sent[query.toLowerCase()] || meta.textContent.trim() !== none) return;
    sent[query.toLowerCase()] = true;
    kbFeedback({ kind: "search", text: query.slice(0, 200) });
  }
  new MutationObserver(function () {
    if (timer) clearTimeout(timer);
    if (meta.textContent.trim() === none) timer = setTimeout(unanswered, 1500);
  }).observe(meta, { childList: true, characterData: true, subtree: true });
  input.addEventListener("input", function () {
    if (timer) { clearTimeout(timer); timer = setTimeout(unanswered, 1500); }
  });
})();
