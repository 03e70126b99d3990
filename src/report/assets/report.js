/* report.js - small comforts for report.html; the page reads fully without
 * it. Model text is only ever set with textContent, never as markup. */
(function () {
	"use strict";
	var doc = document;

	/* click a column head to sort by it; again to reverse */
	function sortBy(table, col, th) {
		var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
		var dir = th.getAttribute("data-dir") === "asc" ? -1 : 1;
		var key = function (r) {
			var t = r.cells[col] ? r.cells[col].textContent.trim() : "";
			var n = parseFloat(t.replace(/[^0-9.+-]/g, ""));
			return /^[0-9.+\- ]+(ms|s)?$/.test(t) && !isNaN(n) ? n : t.toLowerCase();
		};
		rows.sort(function (a, b) {
			var x = key(a), y = key(b);
			return (x < y ? -1 : x > y ? 1 : 0) * dir;
		});
		rows.forEach(function (r) { body.appendChild(r); });
		th.setAttribute("data-dir", dir === 1 ? "asc" : "desc");
	}
	Array.prototype.forEach.call(doc.querySelectorAll("table.sortable"), function (table) {
		if (!table.tHead || !table.tBodies.length)
			return;
		Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
			th.addEventListener("click", function () { sortBy(table, i, th); });
		});
	});

	/* the filter box: findings whose text contains every word typed */
	var filter = doc.getElementById("filter");
	if (filter) {
		filter.parentNode.parentNode.hidden = false;
		filter.addEventListener("input", function () {
			var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
			Array.prototype.forEach.call(doc.querySelectorAll("article.finding"), function (a) {
				var text = a.textContent.toLowerCase();
				var keep = words.every(function (w) { return text.indexOf(w) >= 0; });
				a.classList.toggle("hidden-by-filter", !keep);
			});
		});
	}

	/* printing shows what the reader would otherwise have to open */
	window.addEventListener("beforeprint", function () {
		Array.prototype.forEach.call(doc.querySelectorAll("details"), function (d) {
			d.open = true;
		});
	});

	/* the model, when it rides along: offered as report.json */
	var model = doc.getElementById("model");
	if (model && window.Blob && window.URL) {
		var link = doc.createElement("a");
		link.id = "model-download";
		link.textContent = "Download the model (JSON)";
		link.download = "report.json";
		link.href = URL.createObjectURL(new Blob([model.textContent],
			{ type: "application/json" }));
		doc.querySelector("nav").appendChild(link);
	}
	doc.documentElement.setAttribute("data-js", "ready");
})();
