// Progressive enhancement for the check form: an "Add figure" button that adds a
// figure fieldset in place (the form works without it: see "Add more figure slots").
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("form-errors");
    if (summary) { summary.focus(); }
    var template = document.getElementById("figure-template");
    var list = document.getElementById("figure-list");
    var count = document.getElementById("figure-count");
    var more = document.getElementById("more-figures");
    if (!template || !list || !count || !more) { return; }
    var max = parseInt(count.getAttribute("data-max"), 10);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    button.textContent = "Add figure";
    more.replaceChildren(button);
    button.addEventListener("click", function () {
      var n = parseInt(count.value, 10);
      if (n >= max) { return; }
      var html = template.innerHTML.split("__NUM__").join(String(n + 1)).split("__N__").join(String(n));
      list.insertAdjacentHTML("beforeend", html);
      count.value = String(n + 1);
      if (n + 1 >= max) { button.disabled = true; }
      document.getElementById("image-" + n).focus();
    });
  });
})();
