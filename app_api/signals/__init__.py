"""A worker's signals as staff see them (named agency, the actions on offer) and handling one."""
