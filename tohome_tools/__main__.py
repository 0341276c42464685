from tohome_tools.cli import main

raise SystemExit(main())
