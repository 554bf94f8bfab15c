print("prescreen-gen")
