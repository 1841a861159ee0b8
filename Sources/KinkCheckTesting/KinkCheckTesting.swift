import KinkCheck
