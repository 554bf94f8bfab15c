print("prescreen")
