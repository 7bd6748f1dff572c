/* The Mini App page (placeholder until the page lands). */
