/* sphinx-glossterms: on the search page, the card of the term the query names.
 *
 * The terms (name, aliases, summary, URL) are in the page itself, in
 * <script type="application/json" id="glossterms-search-data">; nothing is
 * fetched. The query is read from "?q=" as Sphinx's own search does.
 */
(function () {
  "use strict";

  var script = document.currentScript;

  function fold(text) {
    return text.normalize("NFC").replace(/[\u2018\u2019]/g, "'")
      .replace(/\s+/g, " ").trim().toLowerCase().replace(/\u00df/g, "ss");
  }

  function variants(query) {
    var forms = [query];
    if (/ies$/.test(query)) forms.push(query.slice(0, -3) + "y");
    if (/es$/.test(query)) forms.push(query.slice(0, -2));
    if (/s$/.test(query)) forms.push(query.slice(0, -1));
    return forms;
  }

  function findTerm(terms, query) {
    var wanted = variants(fold(query));
    for (var w = 0; w < wanted.length; w++) {
      for (var i = 0; i < terms.length; i++) {
        var term = terms[i];
        if (fold(term.name) === wanted[w]) return { term: term, alias: null };
        for (var a = 0; a < term.aliases.length; a++) {
          if (fold(term.aliases[a]) === wanted[w]) {
            return { term: term, alias: term.aliases[a] };
          }
        }
      }
    }
    return null;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function card(found, label) {
    var term = found.term;
    var box = element("aside", "glossterms-search-card");
    box.setAttribute("aria-label", label ? label + ": " + term.name : term.name);
    var title = element("p", "glossterms-search-card-title");
    var link = element("a", "glossterms-search-card-link", term.name);
    link.href = term.url;
    title.appendChild(link);
    box.appendChild(title);
    if (term.aliases.length) {
      box.appendChild(element("p", "glossterms-search-card-aliases", term.aliases.join(", ")));
    }
    if (term.summary) {
      box.appendChild(element("p", "glossterms-search-card-summary", term.summary));
    }
    return box;
  }

  function show() {
    var data = document.getElementById("glossterms-search-data");
    var query = new URLSearchParams(window.location.search).get("q");
    if (!data || !query || !query.trim()) return;
    var found = findTerm(JSON.parse(data.textContent).terms, query);
    if (!found) return;
    var box = card(found, script ? script.getAttribute("data-label") : "");
    var results = document.getElementById("search-results");
    if (results && results.parentNode) {
      results.parentNode.insertBefore(box, results);
    } else {
      var main = document.querySelector("[role=main], main, article, .body") || document.body;
      main.insertBefore(box, main.firstChild);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", show);
  } else {
    show();
  }
})();
