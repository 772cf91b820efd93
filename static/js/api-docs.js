// The API's documentation page: Swagger UI over the schema named by the page
// (data-schema-url), read-only ("Try it out" sends GET requests to this site only).
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: root.getAttribute("data-schema-url"),
    domNode: root,
    deepLinking: false,
    supportedSubmitMethods: ["get"],
    validatorUrl: null,
    requestInterceptor: function (request) {
      var lang = document.documentElement.getAttribute("lang");
      if (lang && request.headers && !request.headers["Accept-Language"]) {
        request.headers["Accept-Language"] = lang;
      }
      return request;
    }
  });
}());
