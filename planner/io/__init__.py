"""Tables in and out (CSV, XLSX, YAML): the only place files are read or written."""
