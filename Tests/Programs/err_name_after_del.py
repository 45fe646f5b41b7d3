# Checks NameError after a variable is deleted with del.
widget_count = 42
print(widget_count)
del widget_count
print(widget_count)
