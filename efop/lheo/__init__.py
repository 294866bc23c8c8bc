"""The LHEO codec: reader, validator, writer, value parsers. Pure Python + lxml, never Django.

A formation (or any LHEO element) travels through efop as a *tree*, a JSON-able dict without
namespaces (see `efop.lheo.tree`):

- ``"@name"``: an attribute value (str);
- ``"#text"``: the text of an element that also has attributes or children;
- ``"child-tag"``: the list of that child's occurrences, in document order, keys in order of first
  appearance. An occurrence with neither attributes nor children is a plain ``str`` (its text).

Lists everywhere, whatever the version's cardinality: 2.2 and 2.3 trees share one shape.
"""
