/* sphinx-glossterms: previews of terms on hover and focus.
 *
 * Links to terms (a.glossterm-link) carry no title where this script is loaded
 * (the summary is in the preview data only; with glossterms_tooltips = False
 * the title carries it). Hovering, focusing or tapping a link shows
 * a tooltip with the name, summary, categories and the related terms this page
 * also links to.
 *
 * A preview is a tooltip (WCAG 2.2 "content on hover or focus"): it never takes
 * keyboard focus and holds nothing in the Tab order (its links have
 * tabindex=-1), so Tab moves through the page exactly as without this script,
 * and a keyboard user has at most one preview open: the focused link's. Pointer
 * users may move into a preview and hover a related term to open a nested
 * preview, at most MAX_LEVELS deep, never for a term already open. Escape closes
 * every preview. On touch, the first tap shows the preview, the second follows
 * the link.
 *
 * Data: window.glosstermsPreviews (_static/glossterms-previews.js, one file for
 * the whole site), with the page's own <script type="application/json"
 * id="glossterms-previews"> (other projects' terms) laid over it; both keyed by
 * the anchor each link's href points at. A preview links to its term with the
 * href of the page's first link to it, and offers nested previews only for
 * related terms the page links to. Settings: data-* attributes of the tag
 * that loads this script. No network, no dependencies; the DOM is built with
 * textContent only. Follows the WAI-ARIA tooltip pattern (role="tooltip",
 * aria-describedby on the link while open, Escape closes).
 */
(function () {
  "use strict";

  var script = document.currentScript;

  function setting(name, fallback) {
    var value = script && script.getAttribute("data-" + name);
    return value === null || value === undefined || value === "" ? fallback : value;
  }

  function number(name, fallback) {
    var value = parseInt(setting(name, ""), 10);
    return isNaN(value) ? fallback : value;
  }

  var OPEN_DELAY = number("open-delay", 120);
  var CLOSE_DELAY = number("close-delay", 300);
  var LABEL_CATEGORIES = setting("label-categories", "Categories");
  var LABEL_RELATED = setting("label-related", "Related terms");
  var MARGIN = 8; // distance kept from the viewport's edges
  var GAP = 6; // distance between the link and its preview
  var MAX_LEVELS = 3; // a preview, and at most two nested ones (pointer only)
  var LANDMARKS = "main, [role=main], nav, [role=navigation], aside, [role=complementary], " +
    "header, [role=banner], footer, [role=contentinfo], [role=region], [role=search]";

  var terms = {};
  var hrefs = {}; // anchor -> href of the page's first link to that term
  var levels = []; // open previews: {link, el, title, describedby}
  var hovered = null; // element under the pointer
  var openTimer = null;
  var closeTimer = null;
  var dismissed = null; // link whose preview was closed with Escape
  var touched = false; // the last pointer was a finger
  var counter = 0;

  function anchorOf(link) {
    var href = link.getAttribute("href") || "";
    var hash = href.lastIndexOf("#");
    if (hash < 0) return null;
    var key = href.slice(hash + 1);
    try {
      key = decodeURIComponent(key);
    } catch (e) {
      /* keep the raw anchor */
    }
    return key;
  }

  function has(object, key) {
    return key !== null && Object.prototype.hasOwnProperty.call(object, key);
  }

  function keyOf(link) {
    var key = anchorOf(link);
    return has(terms, key) ? key : null;
  }

  function urlOf(key) {
    return terms[key].url || hrefs[key];
  }

  function termLink(node) {
    var link = node && node.closest ? node.closest("a.glossterm-link") : null;
    return link && keyOf(link) ? link : null;
  }

  function inside(container, node) {
    return !!(container && node && container.contains(node));
  }

  /* The level of the deepest open preview that `node` belongs to (its link or
   * its popover), or -1. */
  function levelOf(node) {
    for (var i = levels.length - 1; i >= 0; i--) {
      if (inside(levels[i].link, node) || inside(levels[i].el, node)) return i;
    }
    return -1;
  }

  /* The level a preview of `link` opens at: one deeper than the preview the
   * link sits in, 0 for links in the page. */
  function levelFor(link) {
    for (var i = levels.length - 1; i >= 0; i--) {
      if (inside(levels[i].el, link)) return i + 1;
    }
    return 0;
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  function build(key, id, level) {
    var term = terms[key];
    var el = element("div", "glossterm-preview");
    el.id = id;
    el.setAttribute("role", "tooltip");
    el.setAttribute("data-level", String(level));
    el.style.zIndex = String(10000 + level);

    var title = element("p", "glossterm-preview-title");
    var name = element("a", "glossterm-preview-name", term.name);
    name.href = urlOf(key);
    name.tabIndex = -1; // for the pointer; keyboard users have the link itself
    title.appendChild(name);
    el.appendChild(title);

    if (term.summary) {
      el.appendChild(element("p", "glossterm-preview-summary", term.summary));
    }
    if (term.categories && term.categories.length) {
      var categories = element("p", "glossterm-preview-categories");
      categories.appendChild(
        element("span", "glossterm-preview-label", LABEL_CATEGORIES + ": ")
      );
      term.categories.forEach(function (category, i) {
        if (i) categories.appendChild(document.createTextNode(", "));
        categories.appendChild(element("span", "glossterm-preview-category", category));
      });
      el.appendChild(categories);
    }
    var related = (term.related || []).filter(function (other) {
      return has(terms, other) && has(hrefs, other);
    });
    if (related.length) {
      var block = element("p", "glossterm-preview-related");
      block.appendChild(element("span", "glossterm-preview-label", LABEL_RELATED + ": "));
      related.forEach(function (other, i) {
        if (i) block.appendChild(document.createTextNode(", "));
        var link = element("a", "glossterm-link glossterm-preview-link", terms[other].name);
        link.href = urlOf(other);
        link.tabIndex = -1;
        block.appendChild(link);
      });
      el.appendChild(block);
    }
    return el;
  }

  /* The box of the link to place the preview against: for a link broken over
   * lines, the line the pointer is on (or the first one). */
  function anchorRect(link, point) {
    var rects = link.getClientRects();
    if (!rects.length) return link.getBoundingClientRect();
    if (point) {
      for (var i = 0; i < rects.length; i++) {
        var r = rects[i];
        if (point.x >= r.left - 1 && point.x <= r.right + 1 &&
            point.y >= r.top - 1 && point.y <= r.bottom + 1) return r;
      }
    }
    return rects[0];
  }

  function clamp(value, low, high) {
    return Math.max(low, Math.min(value, high));
  }

  /* A nested preview goes beside its parent (right, left, below, above: the
   * first that fits), so it never covers the parent's "Related terms" line. */
  function besideParent(parent, rect, box, width, height) {
    var top = clamp(rect.top - GAP, MARGIN, height - box.height - MARGIN);
    var left = clamp(rect.left, MARGIN, width - box.width - MARGIN);
    if (parent.right + GAP + box.width <= width - MARGIN) {
      return { top: top, left: parent.right + GAP, side: "right" };
    }
    if (parent.left - GAP - box.width >= MARGIN) {
      return { top: top, left: parent.left - GAP - box.width, side: "left" };
    }
    if (parent.bottom + GAP + box.height <= height - MARGIN) {
      return { top: parent.bottom + GAP, left: left, side: "below" };
    }
    if (parent.top - GAP - box.height >= MARGIN) {
      return { top: parent.top - GAP - box.height, left: left, side: "above" };
    }
    return null;
  }

  function place(level, point) {
    var entry = levels[level];
    var rect = anchorRect(entry.link, point);
    var root = document.documentElement;
    var width = root.clientWidth || window.innerWidth;
    var height = root.clientHeight || window.innerHeight;
    var el = entry.el;
    if (rect.bottom < 0 || rect.top > height || (rect.width === 0 && rect.height === 0)) {
      if (document.activeElement === entry.link && rect.width + rect.height > 0) {
        el.style.visibility = "hidden"; // focused, on its (smooth) way into view
      } else {
        closeFrom(level); // the link scrolled away or disappeared
      }
      return;
    }
    // Where top: 0; left: 0 lands: not the viewport's corner when an ancestor
    // is the containing block of fixed elements (a transform, a filter).
    el.style.top = "0px";
    el.style.left = "0px";
    var box = el.getBoundingClientRect();
    var origin = { x: box.left, y: box.top };
    var spot = level > 0
      ? besideParent(levels[level - 1].el.getBoundingClientRect(), rect, box, width, height)
      : null;
    if (!spot) {
      var below = height - rect.bottom - GAP - MARGIN;
      var above = rect.top - GAP - MARGIN;
      var top = box.height <= below || below >= above
        ? rect.bottom + GAP
        : rect.top - GAP - box.height;
      top = clamp(top, MARGIN, height - box.height - MARGIN);
      spot = {
        top: top,
        left: clamp(rect.left, MARGIN, width - box.width - MARGIN),
        side: top >= rect.bottom ? "below" : "above",
      };
    }
    el.style.top = Math.round(spot.top - origin.y) + "px";
    el.style.left = Math.round(spot.left - origin.x) + "px";
    el.setAttribute("data-placement", spot.side);
    el.style.visibility = "";
  }

  /* Open the preview of `link`; false when it may not open (too deep, or its
   * term is already open in a preview below it). */
  function open(link, point) {
    var key = keyOf(link);
    if (!key) return false;
    var level = levelFor(link);
    if (level >= MAX_LEVELS) return false;
    if (levels[level] && levels[level].link === link) return true;
    for (var i = 0; i < Math.min(level, levels.length); i++) {
      if (levels[i].key === key) return false; // never the same term twice
    }
    closeFrom(level);
    var id = "glossterm-preview-" + ++counter;
    var el = build(key, id, level);
    el.style.visibility = "hidden";
    // Inside the link's landmark (main, nav, ...), so the page's content stays
    // in landmarks; a nested preview goes where its parent is.
    var home = level > 0 ? levels[level - 1].el.parentNode : link.closest(LANDMARKS);
    (home || document.body).appendChild(el);
    var entry = {
      key: key,
      link: link,
      el: el,
      title: link.getAttribute("title"),
      describedby: link.getAttribute("aria-describedby"),
    };
    levels[level] = entry;
    // The tooltip replaces the browser's own while it is open.
    if (entry.title !== null) {
      link.setAttribute("data-glossterms-title", entry.title);
      link.removeAttribute("title");
    }
    link.setAttribute("aria-describedby", entry.describedby ? entry.describedby + " " + id : id);
    place(level, point);
    return true;
  }

  function closeFrom(level) {
    while (levels.length > Math.max(level, 0)) {
      var entry = levels.pop();
      if (entry.el.parentNode) entry.el.parentNode.removeChild(entry.el);
      var link = entry.link;
      if (entry.title !== null) {
        link.setAttribute("title", entry.title);
        link.removeAttribute("data-glossterms-title");
      }
      if (entry.describedby) link.setAttribute("aria-describedby", entry.describedby);
      else link.removeAttribute("aria-describedby");
    }
  }

  /* Keep open what the pointer or the focus is in; close the rest. */
  function settle() {
    closeTimer = null;
    var keep = Math.max(levelOf(hovered), levelOf(document.activeElement));
    closeFrom(keep + 1);
  }

  function scheduleSettle() {
    if (closeTimer) clearTimeout(closeTimer);
    closeTimer = setTimeout(settle, CLOSE_DELAY);
  }

  function cancelOpen() {
    if (openTimer) clearTimeout(openTimer);
    openTimer = null;
  }

  function isOpen(link) {
    return levels.some(function (entry) {
      return entry.link === link;
    });
  }

  /* Pointer */
  document.addEventListener("mouseover", function (event) {
    hovered = event.target;
    var link = termLink(event.target);
    if (dismissed && link !== dismissed) dismissed = null;
    cancelOpen();
    if (link && link !== dismissed && !isOpen(link)) {
      var point = { x: event.clientX, y: event.clientY };
      openTimer = setTimeout(function () {
        openTimer = null;
        if (inside(link, hovered)) open(link, point);
      }, OPEN_DELAY);
    }
    if (levels.length) scheduleSettle();
  });

  document.addEventListener("mouseout", function (event) {
    if (!event.relatedTarget) {
      hovered = null; // the pointer left the window
      cancelOpen();
      if (levels.length) scheduleSettle();
    }
  });

  /* Touch: the first tap shows the preview, a second tap follows the link. */
  document.addEventListener("pointerdown", function (event) {
    touched = event.pointerType === "touch" || event.pointerType === "pen";
  }, true);

  document.addEventListener("click", function (event) {
    var link = termLink(event.target);
    if (!touched) {
      // Following a link: the preview has done its job.
      var level = levelOf(event.target);
      if (level >= 0 && event.target.closest && event.target.closest("a[href]")) {
        dismissed = levels[0].link;
        cancelOpen();
        closeFrom(0);
      }
      return;
    }
    if (link && !isOpen(link)) {
      cancelOpen();
      // A preview that may not open (too deep, already open) lets the tap through.
      if (open(link, { x: event.clientX, y: event.clientY })) event.preventDefault();
    } else if (!link && levelOf(event.target) < 0) {
      closeFrom(0);
    }
  });

  /* Keyboard focus: the focused link's preview, nothing else. Focus never
   * enters a preview (its links have tabindex=-1; a click on them keeps focus
   * where it was). */
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest && event.target.closest(".glossterm-preview a[href]")) {
      event.preventDefault(); // the click still follows the link
    }
  });

  document.addEventListener("focusin", function (event) {
    if (event.target.closest && event.target.closest(".glossterm-preview")) return;
    var link = termLink(event.target);
    if (dismissed && link !== dismissed) dismissed = null;
    if (link && link !== dismissed && !touched) {
      cancelOpen();
      // After the browser has scrolled the focused link into view.
      requestAnimationFrame(function () {
        // not if Escape came first (before this frame)
        if (document.activeElement === link && link !== dismissed) open(link, null);
      });
    }
    if (levels.length) scheduleSettle();
  });

  document.addEventListener("focusout", function () {
    if (levels.length) scheduleSettle();
  });

  /* Escape closes every preview, and one the focused link is about to open;
   * Tab is left to the browser. */
  document.addEventListener("keydown", function (event) {
    touched = false;
    if (event.key !== "Escape" && event.key !== "Esc") return;
    var focused = termLink(document.activeElement);
    if (levels.length) {
      dismissed = levels[0].link;
      cancelOpen();
      closeFrom(0);
      event.stopPropagation();
    } else if (focused) {
      dismissed = focused; // nothing open yet: nothing to take from the page
    }
  });

  /* Follow the link while scrolling and resizing; close when it is gone. */
  function reposition(event) {
    if (event && levelOf(event.target) >= 0) return; // scrolling inside a preview
    for (var i = 0; i < levels.length; i++) place(i, null);
  }
  window.addEventListener("scroll", reposition, { capture: true, passive: true });
  window.addEventListener("resize", reposition, { passive: true });

  /* The shared data sits next to this script. It is loaded from here rather than
   * named in the page: Sphinx would put its checksum in the page, and every page
   * would change whenever a summary does. */
  function loadShared(done) {
    if (window.glosstermsPreviews || !script || !script.src) {
      done();
      return;
    }
    var el = document.createElement("script");
    el.src = new URL("glossterms-previews.js", script.src).href;
    el.onload = el.onerror = done;
    document.head.appendChild(el);
  }

  function init() {
    loadShared(read);
    var links = document.querySelectorAll("a.glossterm-link");
    for (var i = 0; i < links.length; i++) {
      var key = anchorOf(links[i]);
      if (key !== null && !has(hrefs, key)) hrefs[key] = links[i].getAttribute("href");
    }
  }

  function read() {
    var shared = window.glosstermsPreviews;
    var merged = {};
    var own = {};
    var data = document.getElementById("glossterms-previews");
    try {
      own = data ? JSON.parse(data.textContent) || {} : {};
    } catch (e) {
      own = {};
    }
    [shared || {}, own].forEach(function (source) {
      Object.keys(source).forEach(function (key) {
        merged[key] = source[key];
      });
    });
    terms = merged;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
