"""The grammar engine: LanguageTool from Maven Central, run on loopback and owned by the app.

Modules, one job each (none imports Qt):
  paths    where the engine, its run files and its log live
  java     finding Java >= 17 (bundled runtime, JAVA_HOME, PATH)
  install  `engine install`: Maven download into the engine dir, atomic, with a manifest
  process  launching/stopping the LanguageTool server, readiness, records of running engines
  words    district words the speller accepts (classpath file + client-side filter)
  findings LanguageTool matches -> findings, exact code-point spans
  client   one bounded POST /v2/check (language-tool-python validates the server)
  chunks   a draft cut into whole-paragraph requests, capped in UTF-16 units
  chunked  one check as streamed, cancellable chunk requests; stops at the first timeout
  service  GrammarEngine: start / check / stop with restart, back-off and busy recovery
  oneshot  grammar for one `tap-assistant check`
  status   what `engine status` reports
"""
