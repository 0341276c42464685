// Accessibility fixes the theme leaves to the site (WCAG 2.1; axe-core checks every page in the tests).
// - the search dialog gets a name (4.1.2);
// - a table wider than the page scrolls sideways: its scrolling box can be reached with the keyboard
//   and says what it is (2.1.1).
(function () {
  function fix() {
    var search = document.querySelector(".md-search[role=dialog]");
    if (search && !search.hasAttribute("aria-label")) {
      search.setAttribute("aria-label", "Cerca nel sito");
    }
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", "Tabella: scorre in orizzontale con le frecce");
      }
    });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(fix);   // Material: after every page load, instant navigation included
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fix);
  } else {
    fix();
  }
})();
