from workshopkit.cli import main

main()
