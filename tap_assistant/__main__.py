from tap_assistant.cli import main

raise SystemExit(main())
