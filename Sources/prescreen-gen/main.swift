import ArgumentParser

PrescreenGen.main()
