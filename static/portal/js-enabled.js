// Tells GOV.UK Frontend's CSS that JavaScript runs (kept out of the page: no inline script).
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
