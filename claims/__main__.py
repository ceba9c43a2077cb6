from claims.cli.main import main

main()
