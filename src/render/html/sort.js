// Sorts a table.sortable by a click (or Enter) on a heading: by a cell's
// data-sort where it has one, else by its text; numbers as numbers. Opens every
// details element before printing. The page's policy runs no other script.
document.querySelectorAll("table.sortable").forEach(function (table) {
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, i) {
    th.tabIndex = 0;
    var sort = function () {
      var asc = th.dataset.dir !== "asc";
      Array.prototype.forEach.call(heads, function (h) { delete h.dataset.dir; });
      th.dataset.dir = asc ? "asc" : "desc";
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var key = function (r) {
        var c = r.cells.length === heads.length ? r.cells[i] : null;
        if (!c) { return ""; }
        return c.dataset.sort !== undefined ? c.dataset.sort : c.textContent.trim();
      };
      var keys = rows.map(key).filter(function (k) { return k !== ""; });
      var numeric = keys.length > 0 && keys.every(function (k) { return !isNaN(Number(k)); });
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        if (x === "" || y === "") { return (x === "") - (y === ""); }
        var c = numeric ? Number(x) - Number(y) : x.localeCompare(y, document.documentElement.lang);
        return asc ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    };
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
  });
});
// The director's page: a button (hidden until this script runs) shows only the
// ledgers with a problem, by a class on the table that the style sheet reads.
document.querySelectorAll("button.filter").forEach(function (b) {
  var table = document.getElementById(b.dataset.table);
  if (!table) { return; }
  b.hidden = false;
  b.addEventListener("click", function () {
    var on = b.getAttribute("aria-pressed") !== "true";
    b.setAttribute("aria-pressed", on ? "true" : "false");
    table.classList.toggle("only-problems", on);
  });
});
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details").forEach(function (d) { d.open = true; });
});
