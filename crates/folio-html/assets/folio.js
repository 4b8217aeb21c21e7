/* folio's web edition: notes that open in place, and a search that needs no server.
   Progressive enhancement: every note reference is a link to its note, and the pages
   read as they are without this script. */
(function () {
  "use strict";

  /* ---- Notes in place ------------------------------------------------------------ */

  var popover = document.querySelector(".note-popover");
  var opener = null;

  function noteOf(link) {
    var href = link.getAttribute("href") || "";
    if (href.charAt(0) !== "#") return null;
    try {
      return document.getElementById(decodeURIComponent(href.slice(1)));
    } catch (e) {
      return null;
    }
  }

  function place(link) {
    // beside the reference on a wide screen; the stylesheet docks it at the foot of a
    // narrow one
    if (window.matchMedia("(max-width: 40em)").matches) {
      popover.style.top = "";
      popover.style.left = "";
      return;
    }
    var at = link.getBoundingClientRect();
    var width = popover.offsetWidth;
    var height = popover.offsetHeight;
    var left = Math.min(Math.max(8, at.left - width / 2), window.innerWidth - width - 8);
    var top = at.bottom + 8;
    if (top + height > window.innerHeight - 8 && at.top - height - 8 > 8) {
      top = at.top - height - 8;
    }
    popover.style.left = Math.max(8, left) + "px";
    popover.style.top = Math.max(8, top) + "px";
  }

  function open(link, note) {
    opener = link;
    var copy = note.cloneNode(true);
    // ids stay unique: the copy keeps none
    copy.removeAttribute("id");
    var withIds = copy.querySelectorAll("[id]");
    for (var i = 0; i < withIds.length; i++) withIds[i].removeAttribute("id");
    var label = document.createElement("p");
    label.className = "note-popover-label";
    label.textContent = "Note " + link.textContent;
    var body = document.createElement("div");
    body.className = "note-popover-body";
    while (copy.firstChild) body.appendChild(copy.firstChild);
    var close = document.createElement("button");
    close.type = "button";
    close.className = "note-popover-close";
    close.setAttribute("aria-label", "Close");
    close.textContent = "\u00d7";
    close.addEventListener("click", function () {
      popover.hidePopover();
    });
    popover.replaceChildren(close, label, body);
    popover.setAttribute("aria-label", label.textContent);
    popover.showPopover();
    place(link);
    popover.focus();
  }

  if (popover && typeof popover.showPopover === "function") {
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest('a[role="doc-noteref"]');
      if (link) {
        var note = noteOf(link);
        if (!note || event.ctrlKey || event.metaKey || event.shiftKey) return;
        event.preventDefault();
        if (popover.matches(":popover-open")) popover.hidePopover();
        open(link, note);
        return;
      }
      // a back-link in the pop-up closes it and goes back to the reference
      var back = event.target.closest && event.target.closest('a[role="doc-backlink"]');
      if (back && popover.contains(back)) {
        event.preventDefault();
        var to = opener;
        popover.hidePopover();
        if (to) {
          // closing the pop-up already gave the reference focus, without scrolling
          to.scrollIntoView({ block: "center" });
          to.focus({ preventScroll: true });
          history.replaceState(null, "", "#" + to.id);
        }
      }
    });
    popover.addEventListener("toggle", function (event) {
      // closed (Escape, a tap outside, the close button): focus goes back to the
      // reference it was opened from
      if (event.newState === "closed" && opener) {
        var to = opener;
        opener = null;
        if (document.activeElement === document.body || popover.contains(document.activeElement)) {
          to.focus();
        }
      }
    });
    window.addEventListener("resize", function () {
      if (opener && popover.matches(":popover-open")) place(opener);
    });
  }

  /* ---- Search ---------------------------------------------------------------------- */

  var form = document.querySelector('form[role="search"]');
  if (!form) return;
  var input = form.querySelector('input[type="search"]');
  var list = form.querySelector(".search-results");
  var status = form.querySelector(".search-status");
  if (!input || !list) return;
  form.hidden = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
  });

  var index = null;
  var words = null;
  var loading = false;
  var WORD = /[\p{Alphabetic}\p{N}]+/gu;

  // the index script calls this when it is loaded from a file
  window.folioSearchIndex = function (data) {
    ready(data);
  };

  function ready(data) {
    index = data;
    words = Object.keys(data.words).sort();
    search();
  }

  function load() {
    if (index || loading) return;
    loading = true;
    var fromScript = function () {
      var script = document.createElement("script");
      script.src = "search-index.js";
      document.head.appendChild(script);
    };
    if (location.protocol === "file:" || !window.fetch) {
      fromScript();
      return;
    }
    fetch("search-index.json")
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(ready, fromScript);
  }

  function places(word) {
    var gaps = index.words[word];
    var out = [];
    var at = 0;
    for (var i = 0; i < gaps.length; i++) {
      at += gaps[i];
      out.push(at);
    }
    return out;
  }

  // the places holding every word of the query; the last word may be unfinished
  function find(query) {
    var terms = query.toLowerCase().match(WORD);
    if (!terms) return null;
    var found = null;
    terms.forEach(function (term, i) {
      var hits = {};
      if (i === terms.length - 1) {
        // every word starting with the unfinished one (the keys are sorted)
        var lo = 0;
        var hi = words.length;
        while (lo < hi) {
          var mid = (lo + hi) >> 1;
          if (words[mid] < term) lo = mid + 1;
          else hi = mid;
        }
        for (var k = lo; k < words.length && words[k].lastIndexOf(term, 0) === 0; k++) {
          places(words[k]).forEach(function (p) {
            hits[p] = true;
          });
        }
      } else if (Object.prototype.hasOwnProperty.call(index.words, term)) {
        places(term).forEach(function (p) {
          hits[p] = true;
        });
      }
      if (found === null) {
        found = hits;
      } else {
        var both = {};
        Object.keys(found).forEach(function (p) {
          if (hits[p]) both[p] = true;
        });
        found = both;
      }
    });
    return Object.keys(found || {})
      .map(Number)
      .sort(function (a, b) {
        return a - b;
      });
  }

  function search() {
    var query = input.value.trim();
    list.replaceChildren();
    if (!query) {
      if (status) status.textContent = "";
      return;
    }
    if (!index) {
      load();
      return;
    }
    var hits = find(query);
    if (!hits || hits.length === 0) {
      if (status) status.textContent = "No report holds \u201c" + query + "\u201d.";
      return;
    }
    if (status) status.textContent = hits.length + " results for \u201c" + query + "\u201d.";
    hits.slice(0, 50).forEach(function (p) {
      var doc = index.docs[p];
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = doc[0];
      link.textContent = doc[1];
      item.appendChild(link);
      list.appendChild(item);
    });
  }

  input.addEventListener("focus", load);
  input.addEventListener("input", search);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      input.value = "";
      search();
    }
  });
})();
