"""News releases and manuscripts (新聞稿件), reviewed before release and published on the website
(網上僑聯), which serves them as an Atom feed."""
