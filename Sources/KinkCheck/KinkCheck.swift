import BigFloat
