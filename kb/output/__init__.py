"""What the build writes besides the pages' HTML: the Content-Security-Policy, language alternates
and sitemaps, the manuals' PDFs, the site folder and its parts."""
