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
