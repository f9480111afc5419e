// AmbidexDemo
