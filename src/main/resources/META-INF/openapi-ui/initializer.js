// The document this application serves at /openapi (openapi/openapi.yaml).
window.onload = function () {
  window.ui = SwaggerUIBundle({ url: '/openapi', dom_id: '#swagger-ui', deepLinking: true });
};
