from workshopkit.launch import main

main()
