/* Kestrel help center, in the browser: the widgets the build draws (data-kb="..." elements, their
   facts and words in data-kb-* attributes), readers' feedback, and what the search box says when a
   search finds nothing or cannot be done. Each widget starts on its own (start): one that fails
   logs why, naming itself, and the others run. Loaded before this file: search/started.js (before
   Material's bundle), and protocol.js and analyze.js, shared with the search worker. */
(function () {
  "use strict";

  /* The workers Material's bundle started (search/started.js), the browser's Worker put back. */
  var startedWorkers = typeof self.kbStartedWorkers === "function" ? self.kbStartedWorkers() : [];

  /* Runs one widget's set-up; a failure stops that widget only. */
  function start(name, init, widget) {
    try {
      init(widget);
    } catch (error) {
      console.error("kb: the " + name + " widget failed to start:", error);
    }
  }

  /* Every widget of a kind on the page, each started on its own. */
  function startEach(name, init) {
    document.querySelectorAll("[data-kb='" + name + "']").forEach(function (widget) { start(name, init, widget); });
  }

  /* What a file loaded before this one defines (protocol.js, analyze.js), or an error naming it. */
  function shared(name) {
    if (!self[name]) throw new Error(name + " is not defined: its script did not load before kb.js");
    return self[name];
  }

  /* The JSON in a <script type="application/json"> of the page, or null without one. */
  function pageData(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  /* Material's page configuration (the search worker's address, the search box's words), read once. */
  var config = null;
  start("page configuration", function () { config = pageData("__config"); });

  /* Readers' feedback to the team's collector (kb feedback serve), only when the site's operator
     set extra.kb.feedback_endpoint: the build then puts #kb-feedback (endpoint, page, language) in
     the page. One JSON object per beacon, sent with keepalive so it survives leaving the page, without
     cookies or referrer; any failure is ignored, and nothing waits for the answer. */
  var feedback = null;
  start("feedback", function () { feedback = pageData("kb-feedback"); });

  /* A random id of this page load (32 hex digits), drawn afresh on every load and sent with its
     vote only, so that the collector can ignore the same vote sent twice (it keeps the id in
     memory for minutes, never stores it); null where the browser has no crypto.getRandomValues. */
  var pageView = null;
  start("page view", function () {
    if (!self.crypto || typeof self.crypto.getRandomValues !== "function") return;
    var bytes = self.crypto.getRandomValues(new Uint8Array(16));
    pageView = Array.prototype.map.call(bytes, function (byte) { return (byte + 256).toString(16).slice(1); }).join("");
  });

  function sendFeedback(beacon) {
    if (!feedback || !feedback.endpoint || typeof fetch !== "function") return;
    try {
      var body = JSON.stringify(Object.assign({ kind: beacon.kind, lang: feedback.lang, page: feedback.page }, beacon));
      fetch(feedback.endpoint, { method: "POST", body: body, keepalive: true, mode: "cors", credentials: "omit",
                                 cache: "no-store", referrerPolicy: "no-referrer",
                                 headers: { "Content-Type": "text/plain;charset=UTF-8" } })
        .catch(function () { /* the collector is down or refused it: the page goes on */ });
    } catch (error) { /* a browser without keepalive or CORS: the page goes on */ }
  }

  /* What the search box says when search cannot answer (data/strings, in the footer). */
  function unavailableText() {
    var element = document.querySelector("[data-kb-text='search.unavailable']");
    return element ? element.textContent : "";
  }

  /* ----------------------------------------------------------------------------------------- */

  /* The home page's search box hands the query to the site search (Material's), which searches
     this language's index only. */
  function homeSearch(form) {
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
  }

  /* "Was this page helpful?": one vote per page (and language) per browser. The vote is kept in
     this browser (localStorage, no cookie) and, when the site's operator set
     extra.kb.feedback_endpoint, sent there once (sendFeedback, with this page view's id). Once
     voted, here or on an earlier visit, the buttons give way to the thank-you for good. */
  function helpful(widget) {
    var lang = document.documentElement.lang;
    var page = widget.getAttribute("data-kb-page");
    var key = "kb-helpful:" + lang + ":" + page;
    var reasons = widget.querySelector("[data-kb-step='reasons']");
    var voted = false;

    function show(step) {
      widget.querySelectorAll("[data-kb-step]").forEach(function (part) {
        part.hidden = part.getAttribute("data-kb-step") !== step;
      });
      var shown = widget.querySelector("[data-kb-step='" + step + "']");
      var focusable = shown && shown.querySelector("input, button, a");
      if (focusable && step === "reasons") focusable.focus();
    }

    /* This browser's earlier vote on this page in this language, or null; a vote kept before
       votes were kept per language ("kb-helpful:" + page) counts for the language it names. */
    function earlier() {
      try {
        var entry = JSON.parse(localStorage.getItem(key) || "null");
        var older = entry ? null : JSON.parse(localStorage.getItem("kb-helpful:" + page) || "null");
        if (older && older.lang === lang) entry = older;
        return entry && (entry.vote === "yes" || entry.vote === "no") ? entry : null;
      } catch (error) {
        return null;  // storage blocked (private mode) or unreadable: this page view may vote
      }
    }

    function done(vote, reason) {
      voted = true;
      widget.setAttribute("data-kb-result", vote === "yes" ? "helpful" : "not-helpful");
      if (vote === "no") widget.setAttribute("data-kb-reason", reason || "");
      show(vote === "yes" ? "thanks" : "help");
    }

    function record(vote, reason) {
      if (voted) return;
      var entry = { vote: vote, reason: reason || null, lang: lang };
      try { localStorage.setItem(key, JSON.stringify(entry)); } catch (error) { /* private mode */ }
      var beacon = { kind: "vote", vote: vote, reason: reason || null };
      if (pageView) beacon.token = pageView;
      sendFeedback(beacon);
      done(vote, reason);
    }

    var before = earlier();
    if (before) {
      done(before.vote, before.reason);
      widget.setAttribute("data-kb-voted", "earlier");
    }
    widget.querySelectorAll("[data-kb-vote]").forEach(function (button) {
      button.addEventListener("click", function () {
        if (voted) return;
        if (button.getAttribute("data-kb-vote") === "yes") {
          record("yes");
        } else {
          widget.setAttribute("data-kb-result", "not-helpful");
          show("reasons");
        }
      });
    });
    reasons.addEventListener("submit", function (event) {
      event.preventDefault();
      var chosen = widget.querySelector("input[name='reason']:checked");
      record("no", chosen ? chosen.value : null);
    });
  }

  /* ----------------------------------------------------------------------------------------- */

  /* Checkers: return window, warranty coverage, model finder and "is support open now?". Every
     figure comes from the facts the build put in data attributes; every word from the language's
     strings table. Dates are calendar dates (no time of day). */

  /* A data attribute's JSON; a missing or malformed one names itself. */
  function data(widget, name) {
    var text = widget.getAttribute(name);
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new Error(name + " is not JSON (" + error.message + "): " + String(text).slice(0, 80));
    }
  }
  function messages(widget) { return data(widget, "data-kb-messages"); }
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

  function returnChecker(widget) {
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
  }

  /* A model number or name as customers type it, reduced as kb.models.fold reduces the known
     spellings: NFKC (full-width ＫＰ－３１０), lower case, no spaces, hyphens or dots. */
  function foldModel(value) {
    return value.normalize("NFKC").toLowerCase().replace(/[\s\-\u2010-\u2015\u2212_.\u00b7\u30fb]+/g, "");
  }

  function modelFinder(widget) {
    var text = messages(widget);
    var spellings = data(widget, "data-kb-spellings");
    var models = data(widget, "data-kb-models");
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
  }

  function coverageChecker(widget) {
    var text = messages(widget);
    var facts = data(widget, "data-kb-facts");
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
  }

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
    var days = weekly(table), now = clock(region.timezone), hoursToday = days[now.day];
    if (hoursToday && hoursToday[0] <= now.minute && now.minute < hoursToday[1]) {
      if (hoursToday[0] === 0 && hoursToday[1] === 1440) return { open: true, text: text.open_all_day };
      return { open: true, text: fill(text.open, { time: formatTime(hoursToday[1] % 1440, widget), zone: region.zone }) };
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

  function contactStatus(widget) {
    var text = messages(widget);
    var regions = data(widget, "data-kb-regions");
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
  }

  /* ----------------------------------------------------------------------------------------- */

  /* Guided troubleshooter: the build renders the tree as nested lists and its first step; here it
     becomes one question at a time, with Yes / No and Start over, ending in a fix or in contact
     details (data-kb-result = fix or contact). */
  function troubleshooter(widget) {
    var tree = widget.querySelector(".kb-tree");
    var first = tree.querySelector(":scope > li");
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
    function step(node, focus) {
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
          var choice = button(label, function () { step(child(node, answer), true); }, answer === "yes");
          choice.setAttribute("data-kb-answer", answer);
          answers.appendChild(choice);
        });
        stage.appendChild(answers);
      } else {
        Array.prototype.slice.call(node.children, 1).forEach(function (part) { stage.appendChild(part.cloneNode(true)); });
        widget.setAttribute("data-kb-result", kind);
      }
      if (node !== first) {
        var again = button(widget.getAttribute("data-kb-restart"), function () { step(first, true); }, false);
        again.classList.add("kb-tree__restart");
        stage.appendChild(again);
      }
      if (focus) text.focus();
    }
    tree.hidden = true;
    step(first, false);
  }

  /* ----------------------------------------------------------------------------------------- */

  /* Articles for a description, from the site's own search (a search worker of the router's own,
     answering from this language's index): the same analysis, synonyms and ranking. The function
     returned asks one query and promises {items}; a query asked while another is pending
     supersedes it, whose promise then resolves {superseded: true}; a search that cannot be done
     rejects. */
  function searcher(indexUrl) {
    var protocol = shared("kbSearchProtocol");
    var worker = new Worker(new URL(config.search, location.href));
    var pending = null;  // {query, resolve, reject}: the query the worker is answering
    var broken = null;   // why the worker cannot answer at all

    function settle(how) {
      var asked = pending;
      pending = null;
      if (asked) how(asked);
    }
    worker.onmessage = function (event) {
      var message = event.data || {};
      var answer = message.data || {};
      if (!pending || answer.query !== pending.query) return;  // READY, or an answer to a superseded query
      if (message.type === protocol.RESULT) settle(function (asked) { asked.resolve({ items: answer.items }); });
      else if (message.type === protocol.FAILURE) settle(function (asked) { asked.reject(new Error(answer.reason)); });
    };
    worker.onerror = function (event) {
      broken = new Error("the search worker stopped: " + (event.message || "it did not load"));
      settle(function (asked) { asked.reject(broken); });
    };
    var ready = fetch(indexUrl).then(function (response) {
      if (!response.ok) throw new Error(indexUrl + ": " + response.status);
      return response.json();
    }).then(function (index) {
      worker.postMessage({ type: protocol.SETUP, data: { config: index.config, docs: index.docs, options: {} } });
    });
    return function (query) {
      return ready.then(function () {
        return new Promise(function (resolve, reject) {
          if (broken) return reject(broken);
          settle(function (asked) { asked.resolve({ superseded: true }); });
          pending = { query: query + " ", resolve: resolve, reject: reject };  // a whole query: no completions
          worker.postMessage({ type: protocol.QUERY, data: pending.query });
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

  /* Request router: classify a problem described in the reader's own words (words per type from
     data/router.yml, folded as search folds them: analyze.js), suggest articles from this language's
     search index, and point to where the request starts and what to prepare. While articles are
     being looked for, the result is aria-busy. */
  function router(widget) {
    var fold = shared("kbAnalyze").fold;
    var text = messages(widget);
    var types = data(widget, "data-kb-types");
    var indexUrl = new URL(widget.getAttribute("data-kb-index"), location.href);
    var root = new URL(".", new URL("../", indexUrl));  /* the language root, base of index locations */
    var result = widget.querySelector(".kb-widget__result");
    var search = null, searching = 0;

    function busy(change) {
      searching += change;
      if (searching) result.setAttribute("aria-busy", "true");
      else result.removeAttribute("aria-busy");
    }
    function suggest(query) {
      search = search || searcher(indexUrl);
      busy(1);
      search(query).then(function (answer) {
        busy(-1);
        if (answer.superseded) return;  // a newer description is being answered
        var found = answer.items.filter(function (item) { return item[0].location; }).slice(0, 3);  /* articles, not the home page */
        if (!found.length) return;
        result.appendChild(element("p", text.articles));
        var list = element("ul", null, { "data-kb-articles": "" });
        found.forEach(function (item) {
          var entry = element("li");
          entry.appendChild(element("a", item[0].kbTitle, { href: new URL(item[0].location, root).href }));
          list.appendChild(entry);
        });
        result.appendChild(list);
      }, function (error) {
        busy(-1);
        console.error("kb: the router's article search failed:", error);
        result.appendChild(element("p", unavailableText(), { "data-kb-search": "unavailable" }));
      });
    }

    widget.addEventListener("submit", function (event) {
      event.preventDefault();
      var product = widget.querySelector("select");
      var description = widget.querySelector("textarea").value + " " + product.options[product.selectedIndex].text;
      var folded = fold(description), best = null, bestScore = 0, matched = [];
      Object.keys(types).forEach(function (name) {
        var score = 0;
        types[name].words.forEach(function (word) {
          if (folded.indexOf(fold(word)) >= 0) { score += 1; matched.push(fold(word)); }
        });
        if (score > bestScore) { best = name; bestScore = score; }
      });
      result.textContent = "";
      if (!best) {
        result.appendChild(element("p", text.none));
        widget.setAttribute("data-kb-result", "none");
        var described = widget.querySelector("textarea").value.trim();
        if (described) sendFeedback({ kind: "router", text: described.slice(0, 1000) });
        return;
      }
      var type = types[best];
      var begin = element("p", text.result.replace("{type}", type.label) + " ");
      begin.appendChild(element("a", type.label, { href: type.url, "data-kb-route": best }));
      result.appendChild(begin);
      result.appendChild(element("p", widget.getAttribute("data-kb-prepare")));
      var prepare = element("ul");
      type.prepare.forEach(function (item) { prepare.appendChild(element("li", item)); });
      result.appendChild(prepare);
      widget.setAttribute("data-kb-result", best);
      suggest(widget.querySelector("textarea").value + " " + matched.join(" "));
    });
  }

  /* ----------------------------------------------------------------------------------------- */

  /* Listens to the search worker Material started (search/started.js), at the page's search
     worker address: Material keeps it to itself. */
  function watchSearchWorker(protocol, listener) {
    var address = new URL(config.search, location.href).href;
    var started = startedWorkers.filter(function (entry) { return new URL(entry.url, location.href).href === address; });
    if (!started.length) throw new Error("no search worker was started at " + address);
    started[0].worker.addEventListener("message", function (event) { listener(event.data || {}); });
    started[0].worker.addEventListener("error", function (event) {
      listener({ type: protocol.FAILURE, data: { query: null, reason: event.message || "it did not load" } });
    });
  }

  /* The search box. A search that finds nothing ("no results", in Material's words) offers the
     router and, when the site's operator set a feedback endpoint, tells the writers what readers
     looked for (sendFeedback): once the reader has stopped typing for a moment, each query once per
     page. A search that cannot be done is neither: the box says search is unavailable
     (data-kb-search="unavailable" on Material's result). The answer a question's first result shows
     (the worker's `answer`) is read out by screen readers: a status line, out of sight, says it. */
  function searchBox(meta) {
    var protocol = shared("kbSearchProtocol");
    var results = meta.parentNode;
    var input = document.querySelector(".md-search__input");
    var offer = document.querySelector("[data-kb='router-link']");
    var none = config.translations["search.result.none"];
    var sent = {}, timer = null;
    var spoken = element("p", null, { "class": "kb-visually-hidden", role: "status", "data-kb-search-answer": "" });
    results.appendChild(spoken);

    function say(answer) {
      var text = answer ? answer.title + ": " + answer.text : "";
      if (spoken.textContent !== text) spoken.textContent = text;
    }
    function nothingFound() { return meta.textContent.trim() === none; }
    function offerRouter() {
      var existing = results.querySelector(".kb-search-router");
      if (nothingFound() && !existing && offer) {
        var link = offer.cloneNode(true);
        link.hidden = false;
        link.classList.add("kb-search-router");
        meta.insertAdjacentElement("afterend", link);
      } else if (!nothingFound() && existing) {
        existing.remove();
      }
    }
    function unanswered() {
      timer = null;
      var query = input.value.trim().replace(/\s+/g, " ");
      if (!query || sent[query.toLowerCase()] || !nothingFound()) return;
      sent[query.toLowerCase()] = true;
      sendFeedback({ kind: "search", text: query.slice(0, 200) });
    }
    function wait(restart) {
      if (timer) clearTimeout(timer);
      timer = restart ? setTimeout(unanswered, 1500) : null;
    }

    new MutationObserver(function () {
      offerRouter();
      if (feedback) wait(nothingFound());
    }).observe(meta, { childList: true, characterData: true, subtree: true });
    if (input) input.addEventListener("input", function () { if (timer) wait(true); });

    watchSearchWorker(protocol, function (message) {
      if (message.type === protocol.RESULT) {
        results.removeAttribute("data-kb-search");
        say(message.data && message.data.answer);
      } else if (message.type === protocol.FAILURE) {
        if (!results.hasAttribute("data-kb-search")) console.error("kb: search is unavailable:", message.data && message.data.reason);
        results.setAttribute("data-kb-search", "unavailable");
        say(null);
        meta.textContent = unavailableText();
        var list = results.querySelector(".md-search-result__list");
        if (list) list.textContent = "";  // the answers to an earlier query, no longer the reader's
      }
    });
  }

  /* The header's language menu takes no focus while closed (kb.css hides it then): its button
     opens and closes it (Enter, Space or a click) and says which it is (aria-expanded); Escape
     closes it and goes back to the button, and focus leaving it closes it. The pointer opens it
     on hover, as in Material. */
  function languageMenu(select) {
    var button = select.querySelector("button");
    var inner = select.querySelector(".md-select__inner");
    if (!button || !inner) return;
    inner.id = inner.id || "kb-language-menu";
    function setOpen(open) {
      select.setAttribute("data-kb-menu", open ? "open" : "closed");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    }
    button.setAttribute("aria-controls", inner.id);
    setOpen(false);
    button.addEventListener("click", function () { setOpen(select.getAttribute("data-kb-menu") !== "open"); });
    select.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || select.getAttribute("data-kb-menu") !== "open") return;
      setOpen(false);
      button.focus();
    });
    select.addEventListener("focusout", function (event) {
      if (!select.contains(event.relatedTarget)) setOpen(false);
    });
  }

  /* The navigation drawer's button on narrow screens is a label for Material's hidden checkbox,
     which a keyboard cannot reach; kb.css hides the closed drawer, so the button takes focus and
     opens or closes it with Enter or Space, named as the drawer is ("Navigation" in the page's
     language) and saying whether it is open (aria-expanded); opened so, the drawer's first link
     takes focus, and Escape in the drawer closes it and goes back to the button. */
  function drawerButton(label) {
    var toggle = document.getElementById(label.getAttribute("for"));
    if (!toggle) return;
    var drawer = document.querySelector(".md-nav--primary[aria-label]");
    function expanded() { label.setAttribute("aria-expanded", toggle.checked ? "true" : "false"); }
    if (drawer && !label.hasAttribute("aria-label")) label.setAttribute("aria-label", drawer.getAttribute("aria-label"));
    label.setAttribute("role", "button");
    label.setAttribute("tabindex", "0");
    expanded();
    toggle.addEventListener("change", expanded);
    label.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      toggle.click();
      var first = toggle.checked && document.querySelector(".md-sidebar--primary .md-nav__link[href]");
      if (first) first.focus();
    });
    var sidebar = document.querySelector(".md-sidebar--primary");
    if (sidebar) {
      sidebar.addEventListener("keydown", function (event) {
        if (event.key !== "Escape" || !toggle.checked) return;
        toggle.click();
        label.focus();
      });
    }
  }

  /* ----------------------------------------------------------------------------------------- */

  document.querySelectorAll(".md-header .md-select").forEach(function (select) { start("language menu", languageMenu, select); });
  document.querySelectorAll(".md-header label.md-header__button[for='__drawer']").forEach(function (label) {
    start("navigation drawer button", drawerButton, label);
  });
  startEach("home-search", homeSearch);
  startEach("helpful", helpful);
  startEach("return-checker", returnChecker);
  startEach("model-finder", modelFinder);
  startEach("coverage-checker", coverageChecker);
  startEach("contact-status", contactStatus);
  startEach("troubleshooter", troubleshooter);
  startEach("router", router);
  var meta = document.querySelector(".md-search-result__meta");
  if (meta) start("search box", searchBox, meta);
})();
