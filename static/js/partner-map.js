/* The partner map of the directory (partners/selectors.py builds its data).

   Reads the markers, the tile server and Leaflet's marker images from the JSON block
   #partner-map-data (no inline script: the Content-Security-Policy forbids it), then shows
   the map, which the page keeps hidden for visitors without script: for them the list by
   ward is the whole content. Without a tile server (the tests) the markers sit on a blank
   map. Each marker is focusable (Leaflet gives it role="button" and the partner's name);
   Enter opens its popup, whose link to the partner's page then takes the focus, and
   Escape closes it and gives the focus back to the marker. */
(function () {
  "use strict";
  var figure = document.getElementById("partner-map-figure");
  var element = document.getElementById("partner-map");
  var source = document.getElementById("partner-map-data");
  if (!figure || !element || !source || !window.L) {
    return;
  }
  var data = JSON.parse(source.textContent);
  if (!data.markers || !data.markers.length) {
    return;
  }
  figure.hidden = false;

  var labels = data.labels || {};
  var map = L.map(element, {
    zoomControl: false,
    scrollWheelZoom: false // scrolling the page should not zoom the map
  });
  L.control.zoom({
    zoomInTitle: labels.zoomIn || "Zoom in",
    zoomOutTitle: labels.zoomOut || "Zoom out"
  }).addTo(map);
  // "Leaflet" alone (its default prefix carries an English title).
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  if (data.tiles && data.tiles.url) {
    L.tileLayer(data.tiles.url, {
      attribution: data.tiles.attribution || "",
      maxZoom: 19,
      // The page's policy sends no Referer elsewhere; tile servers ask for the origin.
      referrerPolicy: "strict-origin-when-cross-origin"
    }).addTo(map);
  }

  // Leaflet's own marker images, by their (hashed, in production) static addresses.
  L.Icon.Default.imagePath = "";
  L.Icon.Default.mergeOptions(data.icon);

  function popupContent(item) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = item.url;
    link.textContent = item.name;
    if (item.lang) {
      link.lang = item.lang;
    }
    box.appendChild(link);
    if (item.ward) {
      var ward = document.createElement("p");
      ward.textContent = item.ward;
      if (item.wardLang) {
        ward.lang = item.wardLang;
      }
      box.appendChild(ward);
    }
    return box;
  }

  var points = [];
  var openMarker = null;
  data.markers.forEach(function (item) {
    var point = [item.lat, item.lng];
    points.push(point);
    var marker = L.marker(point, { alt: item.name, title: item.name, keyboard: true });
    marker.bindPopup(popupContent(item));
    marker.on("popupopen", function (event) {
      openMarker = marker;
      var popup = event.popup.getElement();
      var close = popup.querySelector(".leaflet-popup-close-button");
      if (close && labels.closePopup) {
        close.setAttribute("aria-label", labels.closePopup);
        close.title = labels.closePopup;
      }
      var link = popup.querySelector(".leaflet-popup-content a");
      if (link) {
        link.focus();
      }
    });
    marker.on("popupclose", function (event) {
      if (openMarker === marker) {
        openMarker = null;
      }
      // Back to the marker when the focus was in the popup (Escape, the close button).
      var active = document.activeElement;
      var popup = event.popup.getElement();
      if (!active || active === document.body || (popup && popup.contains(active))) {
        marker.getElement().focus();
      }
    });
    marker.addTo(map);
  });

  // Leaflet only listens to Escape while the map itself has the focus: close an open
  // popup from anywhere in it (the popup's link, a marker).
  figure.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && openMarker) {
      openMarker.closePopup();
    }
  });

  if (points.length === 1) {
    map.setView(points[0], 14);
  } else {
    map.fitBounds(points, { padding: [30, 30], maxZoom: 15 });
  }

  // The skip link moves the focus to the list's heading, past the markers.
  var skip = figure.querySelector(".partner-map-skip");
  var target = document.getElementById("partners-by-ward");
  if (skip && target) {
    skip.addEventListener("click", function (event) {
      event.preventDefault();
      target.focus();
      target.scrollIntoView();
    });
  }
}());
