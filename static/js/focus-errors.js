/* After a form is sent back with errors, move the focus to its error summary, so that a
   screen reader reads what to correct and a keyboard user starts from there (the summary
   has tabindex="-1" and links to each field in error). */
(function () {
  "use strict";
  var summary = document.querySelector(".form-errors[tabindex='-1']");
  if (summary) {
    summary.focus();
  }
}());
