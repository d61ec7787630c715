// The filter box of a step's choice of people (web/templates/_team.html): shows only the names
// that contain what is typed (full name or username, any case). Without it the list is whole.
(function () {
  "use strict";
  function show(root) {
    root.querySelectorAll(".team-filter[hidden]").forEach(function (box) { box.hidden = false; });
  }
  document.addEventListener("input", function (event) {
    var box = event.target;
    if (!box.classList || !box.classList.contains("team-filter")) return;
    var wanted = box.value.trim().toLowerCase();
    var list = box.parentElement.querySelector(".team-options");
    var shown = 0;
    list.querySelectorAll(".team-option").forEach(function (option) {
      var fits = !wanted || option.dataset.name.indexOf(wanted) !== -1
        || option.querySelector("input").checked;
      option.hidden = !fits;
      if (fits) shown += 1;
    });
    list.querySelector(".team-none").hidden = shown > 0;
  });
  document.addEventListener("DOMContentLoaded", function () { show(document); });
  document.addEventListener("htmx:load", function (event) { show(event.target); });
})();
