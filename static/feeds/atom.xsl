<?xml version="1.0" encoding="utf-8"?>
<!-- Turns the site's Atom feeds into a readable page when a browser opens one (the feeds
     point here with <?xml-stylesheet?>); feed readers ignore it. Entry summaries are HTML the
     server escaped (views/atom.py), written out as HTML. -->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom"
  exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>

  <xsl:template name="when">
    <xsl:param name="value"/>
    <time datetime="{$value}"><xsl:value-of select="concat(substring($value, 1, 10), ' ', substring($value, 12, 5), ' UTC')"/></time>
  </xsl:template>

  <xsl:template match="/atom:feed">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="color-scheme" content="light dark"/>
        <title><xsl:value-of select="atom:title"/> (Atom feed)</title>
        <style>
          :root { --page: #fff; --text: #1f2328; --muted: #59636e; --border: #d1d9e0; --link: #0959b6; --note: #f6f8fa; }
          @media (prefers-color-scheme: dark) {
            :root { --page: #0d1117; --text: #e6edf3; --muted: #9198a1; --border: #3d444d; --link: #58a6ff; --note: #151b23; }
          }
          html { background: var(--page); color: var(--text); }
          body { font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; max-width: 46rem; padding: 1rem; overflow-wrap: anywhere; }
          a { color: var(--link); }
          h1 { font-size: 1.5rem; line-height: 1.25; margin: 0.5rem 0; }
          h2 { font-size: 1.1rem; line-height: 1.3; margin: 0 0 0.25rem; }
          .about { background: var(--note); border: 1px solid var(--border); border-radius: 6px; padding: 0.75rem 1rem; }
          .about p { margin: 0.25rem 0; }
          .muted, .meta { color: var(--muted); }
          .meta { font-size: 0.875rem; margin: 0 0 0.5rem; }
          ol { list-style: none; margin: 1.5rem 0; padding: 0; }
          li.entry { border-top: 1px solid var(--border); padding: 1rem 0; }
          .summary p { margin: 0.4rem 0; }
          .summary ul { margin: 0.25rem 0; padding-left: 1.25rem; }
        </style>
      </head>
      <body>
        <header>
          <p class="muted">Channel Tracker · Atom feed</p>
          <h1><xsl:value-of select="atom:title"/></h1>
          <p><xsl:value-of select="atom:subtitle"/></p>
          <div class="about">
            <p><strong>This is a web feed.</strong> To follow these changes, copy this page's address into a feed reader.</p>
            <p>Updated <xsl:call-template name="when"><xsl:with-param name="value" select="atom:updated"/></xsl:call-template> ·
              <a href="{atom:link[@rel='alternate']/@href}">See the channels on the site</a></p>
          </div>
        </header>
        <main>
          <xsl:choose>
            <xsl:when test="atom:entry">
              <ol>
                <xsl:apply-templates select="atom:entry"/>
              </ol>
            </xsl:when>
            <xsl:otherwise>
              <p>No changes recorded yet.</p>
            </xsl:otherwise>
          </xsl:choose>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li class="entry">
      <article>
        <h2><a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a></h2>
        <p class="meta">Recorded <xsl:call-template name="when"><xsl:with-param name="value" select="atom:published"/></xsl:call-template>
          <xsl:if test="atom:updated != atom:published"> · updated <xsl:call-template name="when"><xsl:with-param name="value" select="atom:updated"/></xsl:call-template></xsl:if></p>
        <div class="summary"><xsl:value-of select="atom:summary" disable-output-escaping="yes"/></div>
      </article>
    </li>
  </xsl:template>
</xsl:stylesheet>
