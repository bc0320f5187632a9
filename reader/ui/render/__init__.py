"""Documents on screen: ``layout`` lays a Document out in lines (pure Python, shared with
`reader show`), ``content`` turns those lines into Textual Content with the highlights."""
