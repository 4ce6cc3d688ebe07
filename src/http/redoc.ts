/**
 * ReDoc is a single script; the page loads it from the jsDelivr CDN as ReDoc's own docs show.
 * Swagger UI at /docs is served locally and works offline.
 */
export const redocPage = (specUrl: string): string => `<!doctype html>
<html>
  <head>
    <title>User Ledger API</title>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
  </head>
  <body>
    <redoc spec-url="${specUrl}"></redoc>
    <script src="https://cdn.jsdelivr.net/npm/redoc@2/bundles/redoc.standalone.js"></script>
  </body>
</html>
`;
