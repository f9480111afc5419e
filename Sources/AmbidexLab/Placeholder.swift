// AmbidexLab
