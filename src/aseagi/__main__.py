from aseagi.cli.main import main

main()
